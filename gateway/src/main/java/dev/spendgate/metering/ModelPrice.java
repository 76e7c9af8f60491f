package dev.spendgate.metering;

import org.jspecify.annotations.Nullable;

/** The price of one model: base rates and an optional long-context tier. */
public record ModelPrice(PriceRates base, @Nullable LongContextTier longContext) {

    /** The rates that apply to a request with this usage. */
    public PriceRates ratesFor(TokenUsage usage) {
        if (longContext != null && usage.totalInput() > longContext.aboveInputTokens()) {
            return longContext.rates();
        }
        return base;
    }
}
