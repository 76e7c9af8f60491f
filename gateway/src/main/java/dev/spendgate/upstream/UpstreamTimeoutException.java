package dev.spendgate.upstream;

import java.util.concurrent.TimeoutException;

/** An upstream exchange ran past one of its time limits. */
public final class UpstreamTimeoutException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    /** Which limit fired. */
    public enum Limit {
        /** No response head within the first-byte timeout. */
        FIRST_BYTE,
        /** A 2xx head, but no body bytes within the first-byte timeout after it. */
        FIRST_BODY,
        /** No bytes between two reads within the idle timeout. */
        IDLE,
        /** The exchange's total time (the provider's total timeout or the request's deadline). */
        TOTAL
    }

    private final transient Limit limit;

    /** A timeout of {@code limit} after {@code millis} milliseconds. */
    public UpstreamTimeoutException(Limit limit, long millis) {
        super(describe(limit) + " (" + millis + " ms)");
        this.limit = limit;
    }

    /** Which limit fired. */
    public Limit limit() {
        return limit;
    }

    private static String describe(Limit limit) {
        return switch (limit) {
            case FIRST_BYTE -> "no response within the first-byte timeout";
            case FIRST_BODY -> "the first body bytes did not arrive within the first-byte timeout";
            case IDLE -> "no data within the idle timeout";
            case TOTAL -> "the total timeout passed";
        };
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
