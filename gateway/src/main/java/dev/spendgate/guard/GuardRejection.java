package dev.spendgate.guard;

import java.util.Map;

/**
 * A guard refused a request. Carries what the caller needs to answer in the client's API error format: the HTTP
 * status, a stable machine code (e.g. {@code rate_limited}), a message that says what was refused and how to fix it,
 * and headers to add (e.g. {@code Retry-After}). Messages never contain secrets (keys are named, never echoed).
 *
 * <p>Thrown on expected client failures, so it skips the stack trace: building one costs no more than a record.
 */
public final class GuardRejection extends RuntimeException {

    /** No gateway key on a request while keys are configured (401). */
    public static final String MISSING_GATEWAY_KEY = "missing_gateway_key";
    /** A gateway key that matches no configured hash (401). */
    public static final String INVALID_GATEWAY_KEY = "invalid_gateway_key";
    /** A header tries to change a dimension the gateway key fixes (403). */
    public static final String ATTRIBUTION_CONFLICT = "attribution_conflict";
    /** The gateway key may not use the requested model (403). */
    public static final String MODEL_NOT_ALLOWED = "model_not_allowed";
    /** A required attribution header is missing (400). */
    public static final String MISSING_ATTRIBUTION = "missing_attribution";
    /** The input is over a cap's {@code max_input_tokens} and the cap has no overflow model (413). */
    public static final String INPUT_TOO_LARGE = "input_too_large";
    /** An enforced rate limit is exhausted (429). */
    public static final String RATE_LIMITED = "rate_limited";

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    /**
     * A rejection.
     *
     * @param status  HTTP status to answer with
     * @param code    machine-readable code, one of the constants of this class
     * @param message human-readable reason naming the guard and how to fix the request
     * @param headers response headers to add (copied)
     */
    public GuardRejection(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    /** A rejection without extra headers. */
    public GuardRejection(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    /** HTTP status to answer with. */
    public int status() {
        return status;
    }

    /** Machine-readable code, e.g. {@code rate_limited}. */
    public String code() {
        return code;
    }

    /** Response headers to add, e.g. {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "GuardRejection[" + status + " " + code + ": " + getMessage() + "]";
    }
}
