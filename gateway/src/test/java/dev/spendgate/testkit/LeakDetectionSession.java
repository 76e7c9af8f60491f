package dev.spendgate.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the counting leak detector at paranoid level when the JUnit session opens, before any test class (and
 * so any Netty buffer class) is loaded. Registered in META-INF/services.
 */
public final class LeakDetectionSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new CountingLeakDetectorFactory());
    }
}
