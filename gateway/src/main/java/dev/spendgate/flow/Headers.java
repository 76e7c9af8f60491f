package dev.spendgate.flow;

/** Response headers the gateway adds. */
final class Headers {

    /** The gateway's request id; also the ledger's {@code request_id}. */
    static final String REQUEST_ID = "X-LLM-Request-Id";
    /** Exact cost in USD of a non-streaming response (streams end after headers, so they carry only the id). */
    static final String COST_USD = "X-LLM-Cost-USD";
    /** The provider id that served the request. */
    static final String PROVIDER = "X-LLM-Provider";
    /** The model alias that served the request. */
    static final String MODEL = "X-LLM-Model";

    /** Why the serving model is not the first one tried, e.g. {@code server_error}; only after a fallback. */
    static final String FALLBACK = "X-LLM-Fallback";
    /** Upstream attempts it took (retries and fallbacks included); only when more than one. */
    static final String ATTEMPTS = "X-LLM-Attempts";

    private Headers() {
    }
}
