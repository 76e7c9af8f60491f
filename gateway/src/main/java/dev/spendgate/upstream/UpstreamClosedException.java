package dev.spendgate.upstream;

import java.io.IOException;

/** The provider's connection closed before the response ended (or before it began). */
public final class UpstreamClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean responseStarted;

    /** A close before the end of the response; {@code responseStarted} when its head had arrived. */
    public UpstreamClosedException(boolean responseStarted) {
        super(responseStarted ? "the provider closed the connection before the response ended"
                : "the provider closed the connection before responding");
        this.responseStarted = responseStarted;
    }

    /** A close reported as {@code cause} (e.g. a reset) after the response head had arrived. */
    public UpstreamClosedException(boolean responseStarted, Throwable cause) {
        this(responseStarted);
        initCause(cause);
    }

    /** Whether the response head had arrived. */
    public boolean responseStarted() {
        return responseStarted;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
