package dev.spendgate.demo;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How slowly the simulated provider answers: a time to first token drawn from {@code [firstTokenMin,
 * firstTokenMax]}, a per-output-token delay drawn from {@code [perTokenMin, perTokenMax]}, and a cap on the whole
 * answer (per-token delays shrink so that long answers still finish within {@code maxTotal}).
 *
 * @param firstTokenMin shortest time to first token
 * @param firstTokenMax longest time to first token
 * @param perTokenMin shortest delay between output tokens
 * @param perTokenMax longest delay between output tokens
 * @param maxTotal upper bound for one answer, first token included
 */
public record LatencyModel(
        Duration firstTokenMin,
        Duration firstTokenMax,
        Duration perTokenMin,
        Duration perTokenMax,
        Duration maxTotal) {

    /** Validates that every bound is non-negative and every min is at most its max. */
    public LatencyModel {
        Objects.requireNonNull(firstTokenMin, "firstTokenMin");
        Objects.requireNonNull(firstTokenMax, "firstTokenMax");
        Objects.requireNonNull(perTokenMin, "perTokenMin");
        Objects.requireNonNull(perTokenMax, "perTokenMax");
        Objects.requireNonNull(maxTotal, "maxTotal");
        if (firstTokenMin.isNegative() || perTokenMin.isNegative() || maxTotal.isNegative()
                || firstTokenMax.compareTo(firstTokenMin) < 0 || perTokenMax.compareTo(perTokenMin) < 0) {
            throw new IllegalArgumentException("latency: " + firstTokenMin + ".." + firstTokenMax + ", "
                    + perTokenMin + ".." + perTokenMax + " (expected: 0 <= min <= max)");
        }
    }

    /** No delays at all: for tests and benchmarks. */
    public static LatencyModel none() {
        return new LatencyModel(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** Roughly what hosted models feel like: 150-400 ms to first token, 5-15 ms per token, at most 3 s. */
    public static LatencyModel realistic() {
        return new LatencyModel(Duration.ofMillis(150), Duration.ofMillis(400), Duration.ofMillis(5),
                Duration.ofMillis(15), Duration.ofSeconds(3));
    }

    /** Whether this model never delays. */
    public boolean isNone() {
        return firstTokenMax.isZero() && perTokenMax.isZero();
    }

    /** Draws the pacing for one answer of {@code tokens} output tokens. */
    SimPacing draw(SplittableRandom rng, int tokens) {
        if (isNone()) {
            return SimPacing.IMMEDIATE;
        }
        Duration first = between(rng, firstTokenMin, firstTokenMax);
        Duration perToken = between(rng, perTokenMin, perTokenMax);
        if (!maxTotal.isZero() && tokens > 0) {
            Duration left = maxTotal.minus(first);
            Duration budget = left.isNegative() ? Duration.ZERO : left.dividedBy(tokens);
            perToken = perToken.compareTo(budget) > 0 ? budget : perToken;
        }
        return new SimPacing(first, perToken);
    }

    private static Duration between(SplittableRandom rng, Duration min, Duration max) {
        long span = max.toNanos() - min.toNanos();
        return span == 0 ? min : min.plusNanos(rng.nextLong(span + 1));
    }
}
