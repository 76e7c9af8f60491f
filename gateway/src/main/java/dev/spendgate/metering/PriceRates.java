package dev.spendgate.metering;

import java.math.BigDecimal;

/**
 * USD per 1,000,000 tokens for each billed token type. Exact decimals; never doubles.
 */
public record PriceRates(
        BigDecimal input,
        BigDecimal cachedInput,
        BigDecimal cacheWrite5m,
        BigDecimal cacheWrite1h,
        BigDecimal output) {
}
