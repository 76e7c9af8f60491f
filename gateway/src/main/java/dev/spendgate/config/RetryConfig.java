package dev.spendgate.config;

import java.time.Duration;

/**
 * Retry settings of {@code routing.retry}.
 *
 * @param maxAttempts    total attempts per request across retries and fallbacks, >= 1
 * @param initialBackoff the cap of the first retry's full-jitter wait; doubled per retry
 * @param maxBackoff     the largest cap of a full-jitter wait
 * @param maxRetryAfter  a longer upstream Retry-After means: do not wait, fall back instead
 * @param deadline       bounds the whole request, all attempts and waits
 */
public record RetryConfig(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
        Duration deadline) {

    /** 3 attempts, 200ms..5s backoff, Retry-After up to 30s, 60s deadline. */
    public static RetryConfig defaults() {
        return new RetryConfig(3, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(60));
    }
}
