package dev.spendgate.demo;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link TrafficGenerator}.
 *
 * @param gatewayBaseUrl where to send, without {@code /v1}, e.g. {@code http://127.0.0.1:8080}; the generator
 *     appends the provider paths ({@code /v1/chat/completions}, {@code /v1/messages}, ...)
 * @param requestsPerSecond steady request rate; ticks are dropped (counted in {@code dropped()}) while
 *     {@code maxConcurrency} requests are in flight
 * @param maxConcurrency cap on requests in flight, also the connection pool size
 * @param seed makes the request mix reproducible
 * @param duration how long to send; null sends until {@link TrafficGenerator#stop()}
 */
public record TrafficOptions(
        URI gatewayBaseUrl, double requestsPerSecond, int maxConcurrency, long seed, @Nullable Duration duration) {

    /** Validates the ranges. */
    public TrafficOptions {
        Objects.requireNonNull(gatewayBaseUrl, "gatewayBaseUrl");
        if (!(requestsPerSecond > 0 && requestsPerSecond <= 10_000)) {
            throw new IllegalArgumentException(
                    "requestsPerSecond: " + requestsPerSecond + " (expected: 0 < r <= 10000)");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency: " + maxConcurrency + " (expected: >= 1)");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: > 0, or null for unlimited)");
        }
    }

    /** 4 requests per second, at most 16 in flight, seed 42, until stopped. */
    public static TrafficOptions defaults(URI gatewayBaseUrl) {
        return new TrafficOptions(gatewayBaseUrl, 4, 16, 42L, null);
    }

    /** A copy with another rate. */
    public TrafficOptions withRate(double newRequestsPerSecond) {
        return new TrafficOptions(gatewayBaseUrl, newRequestsPerSecond, maxConcurrency, seed, duration);
    }

    /** A copy with another concurrency cap. */
    public TrafficOptions withMaxConcurrency(int newMaxConcurrency) {
        return new TrafficOptions(gatewayBaseUrl, requestsPerSecond, newMaxConcurrency, seed, duration);
    }

    /** A copy with another seed. */
    public TrafficOptions withSeed(long newSeed) {
        return new TrafficOptions(gatewayBaseUrl, requestsPerSecond, maxConcurrency, newSeed, duration);
    }

    /** A copy that stops by itself after {@code newDuration} (null: unlimited). */
    public TrafficOptions withDuration(@Nullable Duration newDuration) {
        return new TrafficOptions(gatewayBaseUrl, requestsPerSecond, maxConcurrency, seed, newDuration);
    }
}
