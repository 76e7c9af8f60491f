package dev.spendgate.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Netty leak detector factory that counts leak reports instead of only logging them, so tests can fail on a
 * leak (as ZU's CustomLeakDetector does). Installed before any ByteBuf class loads by {@link LeakDetectionSession}.
 */
final class CountingLeakDetectorFactory extends ResourceLeakDetectorFactory {

    static final AtomicInteger LEAKS = new AtomicInteger();
    static final List<String> REPORTS = new ArrayList<>();

    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
            long maxActive) {
        return new ResourceLeakDetector<>(resource, samplingInterval) {
            @Override
            protected void reportTracedLeak(String resourceType, String records) {
                record(resourceType + " leak:" + records);
                super.reportTracedLeak(resourceType, records);
            }

            @Override
            protected void reportUntracedLeak(String resourceType) {
                record(resourceType + " leak (untraced)");
                super.reportUntracedLeak(resourceType);
            }
        };
    }

    private static void record(String report) {
        LEAKS.incrementAndGet();
        synchronized (REPORTS) {
            REPORTS.add(report);
        }
    }
}
