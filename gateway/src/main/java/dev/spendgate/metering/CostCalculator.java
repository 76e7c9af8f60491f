package dev.spendgate.metering;

import java.math.BigDecimal;

/** Exact cost of a request: sum of count x rate / 1e6, in BigDecimal, never rounded. */
public final class CostCalculator {

    private CostCalculator() {
    }

    /** Cost in USD of {@code usage} at {@code price}; exact. Reasoning is inside output and not added again. */
    public static BigDecimal cost(TokenUsage usage, ModelPrice price) {
        PriceRates r = price.ratesFor(usage);
        BigDecimal perMillion = r.input().multiply(BigDecimal.valueOf(usage.input()))
                .add(r.cachedInput().multiply(BigDecimal.valueOf(usage.cacheRead())))
                .add(r.cacheWrite5m().multiply(BigDecimal.valueOf(usage.cacheWrite5m())))
                .add(r.cacheWrite1h().multiply(BigDecimal.valueOf(usage.cacheWrite1h())))
                .add(r.output().multiply(BigDecimal.valueOf(usage.output())));
        return perMillion.movePointLeft(6).stripTrailingZeros();
    }

    /**
     * {@code cost(new TokenUsage(input, 0, 0, 0, output, 0), price)} (a budget reservation's worst case), without
     * the three zero terms: they change only the scale of the sum, which {@code stripTrailingZeros} normalises,
     * so the result is the same value with the same (minimal) scale.
     */
    public static BigDecimal inputOutputCost(long input, long output, ModelPrice price) {
        PriceRates r = price.ratesFor(new TokenUsage(input, 0, 0, 0, output, 0));
        return r.input().multiply(BigDecimal.valueOf(input)).add(r.output().multiply(BigDecimal.valueOf(output)))
                .movePointLeft(6).stripTrailingZeros();
    }
}
