package dev.spendgate.route;

/** Why an upstream attempt failed, as far as retries and fallbacks care. */
public enum FailureKind {
    RATE_LIMITED,
    SERVER_ERROR,
    OVERLOADED,
    CONNECT_ERROR,
    TIMEOUT,
    CONTEXT_LENGTH
}
