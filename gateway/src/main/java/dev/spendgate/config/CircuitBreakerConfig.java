package dev.spendgate.config;

import java.time.Duration;

/**
 * A provider's circuit breaker: {@code failureThreshold} consecutive failures open it; after {@code openFor} one
 * half-open probe is let through.
 */
public record CircuitBreakerConfig(int failureThreshold, Duration openFor) {

    /** 5 failures, open for 30s. */
    public static CircuitBreakerConfig defaults() {
        return new CircuitBreakerConfig(5, Duration.ofSeconds(30));
    }
}
