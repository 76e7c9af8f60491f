package dev.spendgate.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects WARN and ERROR lines that Netty and Reactor log, such as "Failed to release a message" (a double
 * release, which leak detection does not see) or an operator error dropped on the floor. Installed by
 * logback-test.xml; {@link LeakAssertions} fails on any.
 */
public final class NettyWarningsAppender extends AppenderBase<ILoggingEvent> {

    static final List<String> WARNINGS = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            String name = event.getLoggerName();
            if (name.startsWith("io.netty") || name.startsWith("reactor")) {
                synchronized (WARNINGS) {
                    WARNINGS.add(name + ": " + event.getFormattedMessage());
                }
            }
        }
    }
}
