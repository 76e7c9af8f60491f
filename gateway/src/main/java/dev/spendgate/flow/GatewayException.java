package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import java.util.Map;

/** A failure the gateway answers itself, with the outcome to record and the error to render. */
final class GatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Outcome outcome;
    private final transient ApiError error;
    private final transient Map<String, String> headers;

    GatewayException(Outcome outcome, ApiError error) {
        this(outcome, error, Map.of());
    }

    GatewayException(Outcome outcome, ApiError error, Map<String, String> headers) {
        super(error.message(), null, false, false);
        this.outcome = outcome;
        this.error = error;
        this.headers = headers;
    }

    /** Headers to send with the error, e.g. Retry-After. */
    Map<String, String> headers() {
        return headers;
    }

    Outcome outcome() {
        return outcome;
    }

    ApiError error() {
        return error;
    }
}
