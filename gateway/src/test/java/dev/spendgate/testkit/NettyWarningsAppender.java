package dev.spendgate.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
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

    /**
     * Reactor Netty warns when a connection sees a read timeout or a premature close; the fault tests cause those
     * on purpose and the gateway handles them, so they are not defects.
     */
    private static boolean expected(ILoggingEvent event) {
        IThrowableProxy t = event.getThrowableProxy();
        return event.getFormattedMessage().contains("The connection observed an error") && t != null
                && (t.getClassName().endsWith("ReadTimeoutException")
                        || t.getClassName().endsWith("PrematureCloseException"));
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            String name = event.getLoggerName();
            if ((name.startsWith("io.netty") || name.startsWith("reactor")) && !expected(event)) {
                synchronized (WARNINGS) {
                    WARNINGS.add(name + ": " + event.getFormattedMessage());
                }
            }
        }
    }
}
