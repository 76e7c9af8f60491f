package dev.spendgate.flow;

/**
 * Points in a request's life, recorded with {@code System.nanoTime()} in {@link RequestContext}. Latency, time to
 * first token, the ledger row and debug logs all derive from this one trail.
 */
public enum Stage {
    RECEIVED,
    BODY_READ,
    ROUTED,
    UPSTREAM_HEADERS,
    FIRST_TOKEN,
    LAST_BYTE,
    CLIENT_CANCELLED
}
