package dev.spendgate.metrics;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running total kept as an exact decimal, so a counter of dollars never drifts the way a sum of doubles does
 * (10,000 x 0.00000028 summed as doubles is not 0.0028). Lock-free: a compare-and-set of an immutable BigDecimal.
 * The granularity is that of the added values themselves (no rounding at all); only the export to Prometheus,
 * whose samples are float64, converts the exact total to the nearest double.
 */
final class ExactSum {

    private final AtomicReference<BigDecimal> total = new AtomicReference<>(BigDecimal.ZERO);

    /** Adds {@code amount} exactly. */
    void add(BigDecimal amount) {
        if (amount.signum() != 0) {
            total.accumulateAndGet(amount, BigDecimal::add);
        }
    }

    /** The exact total. */
    BigDecimal exact() {
        return total.get();
    }

    /** The double nearest to the exact total (what Prometheus exports). */
    double value() {
        return total.get().doubleValue();
    }
}
