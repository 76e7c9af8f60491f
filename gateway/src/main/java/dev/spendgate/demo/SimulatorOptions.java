package dev.spendgate.demo;

import java.util.Objects;

/**
 * Settings of a {@link SimulatedProvider}.
 *
 * @param host interface to bind, e.g. {@code 127.0.0.1}
 * @param port port to bind; 0 picks a free port
 * @param latency how slowly answers are produced
 * @param seed mixed into every per-request random, so token counts are reproducible
 * @param cachedFraction share of a cacheable prompt reported as cache reads (OpenAI: only prompts >= 1024
 *     tokens; Anthropic: the prefix up to the last {@code cache_control} breakpoint, the rest is a cache write)
 * @param apiKey the only key accepted; empty accepts any non-empty key
 */
public record SimulatorOptions(
        String host, int port, LatencyModel latency, long seed, double cachedFraction, String apiKey) {

    /** Validates the ranges. */
    public SimulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(apiKey, "apiKey");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (!(cachedFraction >= 0 && cachedFraction <= 1)) {
            throw new IllegalArgumentException("cachedFraction: " + cachedFraction + " (expected: 0..1)");
        }
    }

    /** Loopback, free port, no delays, seed 42, half of cacheable prompts cached, any key: tests, benchmarks. */
    public static SimulatorOptions fast() {
        return new SimulatorOptions("127.0.0.1", 0, LatencyModel.none(), 42L, 0.5, "");
    }

    /** Like {@link #fast()} but with {@link LatencyModel#realistic()} delays: the demo mode. */
    public static SimulatorOptions realistic() {
        return fast().withLatency(LatencyModel.realistic());
    }

    /** A copy listening on another port. */
    public SimulatorOptions withPort(int newPort) {
        return new SimulatorOptions(host, newPort, latency, seed, cachedFraction, apiKey);
    }

    /** A copy with another latency model. */
    public SimulatorOptions withLatency(LatencyModel newLatency) {
        return new SimulatorOptions(host, port, newLatency, seed, cachedFraction, apiKey);
    }

    /** A copy with another seed. */
    public SimulatorOptions withSeed(long newSeed) {
        return new SimulatorOptions(host, port, latency, newSeed, cachedFraction, apiKey);
    }

    /** A copy with another cached share. */
    public SimulatorOptions withCachedFraction(double newFraction) {
        return new SimulatorOptions(host, port, latency, seed, newFraction, apiKey);
    }

    /** A copy accepting only {@code key} (empty: any non-empty key). */
    public SimulatorOptions withApiKey(String key) {
        return new SimulatorOptions(host, port, latency, seed, cachedFraction, key);
    }
}
