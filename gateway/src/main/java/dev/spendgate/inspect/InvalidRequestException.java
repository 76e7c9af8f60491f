package dev.spendgate.inspect;

import org.jspecify.annotations.Nullable;

/** A client request body the gateway cannot act on; the message says what is wrong and how to fix it. */
public final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String param;

    /** Creates the exception; {@code param} names the offending field, if one. */
    public InvalidRequestException(@Nullable String param, String message) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The offending field, or null. */
    public @Nullable String param() {
        return param;
    }
}
