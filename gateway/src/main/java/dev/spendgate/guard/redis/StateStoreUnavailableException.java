package dev.spendgate.guard.redis;

import org.jspecify.annotations.Nullable;

/** Redis did not answer in time, or could not be reached. */
public final class StateStoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason what went wrong, e.g. {@code timed out} */
    public StateStoreUnavailableException(String reason, @Nullable Throwable cause) {
        super("redis state store unavailable: " + reason, cause, false, false);
    }
}
