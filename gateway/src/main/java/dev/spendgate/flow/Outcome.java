package dev.spendgate.flow;

import java.util.Locale;

/**
 * How a request ended. The same value is the metric label, the ledger field and, for errors the gateway itself
 * produces, part of the error message.
 */
public enum Outcome {
    SUCCESS(200, "served by the provider"),
    CLIENT_BAD_REQUEST(400, "the request was malformed"),
    CLIENT_BAD_ATTRIBUTION(400, "an attribution header was malformed"),
    CLIENT_BODY_TOO_LARGE(413, "the request body exceeded the configured limit"),
    CLIENT_CANCELLED(499, "the client went away before the response ended"),
    CLIENT_TIMEOUT(408, "the client was too slow: it stopped sending its request, or reading the response"),
    CLIENT_MISSING_ATTRIBUTION(400, "a required attribution header was missing"),
    GUARD_UNAUTHORIZED(401, "no valid gateway key"),
    GUARD_FORBIDDEN(403, "the gateway key does not allow this request"),
    GUARD_INPUT_TOO_LARGE(413, "the input exceeded a per-request cap"),
    GUARD_BUDGET_EXCEEDED(429, "a budget refused the request"),
    GUARD_RATE_LIMITED(429, "a rate limit refused the request"),
    GUARD_STATE_UNAVAILABLE(503, "the shared budget store (Redis) was unreachable under fail_closed"),
    UNKNOWN_MODEL(404, "the requested model is not configured"),
    NOT_FOUND(404, "no such endpoint"),
    UPSTREAM_CONNECT_ERROR(502, "the provider could not be reached"),
    UPSTREAM_TIMEOUT(504, "the provider did not answer in time"),
    UPSTREAM_CUT(502, "the provider's stream broke after the response had started"),
    UPSTREAM_4XX(400, "the provider refused the request"),
    UPSTREAM_5XX(502, "the provider failed"),
    SHUTTING_DOWN(503, "the gateway is shutting down"),
    INTERNAL(500, "an internal gateway error");

    private final int status;
    private final String description;

    Outcome(int status, String description) {
        this.status = status;
        this.description = description;
    }

    /** The HTTP status the gateway answers with when it produces this outcome itself. */
    public int status() {
        return status;
    }

    /** A short human description. */
    public String description() {
        return description;
    }

    /** Metric label / ledger value, e.g. {@code upstream_5xx}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
