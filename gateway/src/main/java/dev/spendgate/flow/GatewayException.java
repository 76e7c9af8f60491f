package dev.spendgate.flow;

import dev.spendgate.api.ApiError;

/** A failure the gateway answers itself, with the outcome to record and the error to render. */
final class GatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Outcome outcome;
    private final transient ApiError error;

    GatewayException(Outcome outcome, ApiError error) {
        super(error.message(), null, false, false);
        this.outcome = outcome;
        this.error = error;
    }

    Outcome outcome() {
        return outcome;
    }

    ApiError error() {
        return error;
    }
}
