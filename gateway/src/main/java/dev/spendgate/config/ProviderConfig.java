package dev.spendgate.config;

import java.net.URI;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One upstream provider.
 *
 * @param id             the key under {@code providers:}
 * @param baseUrl        the base URL as its official SDK takes it: for {@code openai} it ends in the version
 *                       segment (e.g. {@code https://api.openai.com/v1}) and the gateway appends the path after
 *                       {@code /v1}; for {@code anthropic} it is the host root ({@code https://api.anthropic.com})
 *                       and the gateway appends the whole {@code /v1/...} path
 * @param maxConnections connection pool size
 * @param headers        extra headers sent on every upstream request (e.g. {@code anthropic-version})
 * @param circuitBreaker when consecutive failures stop traffic to this provider for a while
 */
public record ProviderConfig(
        String id,
        ProviderType type,
        URI baseUrl,
        Credentials credentials,
        TimeoutsConfig timeouts,
        int maxConnections,
        Map<String, String> headers,
        CircuitBreakerConfig circuitBreaker) {

    /** A provider with the default circuit breaker. */
    public ProviderConfig(String id, ProviderType type, URI baseUrl, Credentials credentials, TimeoutsConfig timeouts,
            int maxConnections, Map<String, String> headers) {
        this(id, type, baseUrl, credentials, timeouts, maxConnections, headers, CircuitBreakerConfig.defaults());
    }

    /** Readable form for logs and admin endpoints: the key and credential-like header values are masked. */
    @Override
    public String toString() {
        StringJoiner shown = new StringJoiner(", ", "{", "}");
        headers.forEach((name, value) -> shown.add(name + "=" + (HttpTokens.isSensitive(name) ? "***" : value)));
        return "ProviderConfig[id=" + id + ", type=" + type + ", baseUrl=" + baseUrl + ", credentials="
                + credentials + ", timeouts=" + timeouts + ", maxConnections=" + maxConnections
                + ", headers=" + shown + ", circuitBreaker=" + circuitBreaker + "]";
    }
}
