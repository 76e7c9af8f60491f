package dev.spendgate.api;

/** The wire format a client speaks; decides the error body shape and the default provider. */
public enum ApiFormat {
    OPENAI,
    ANTHROPIC
}
