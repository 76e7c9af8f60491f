package dev.spendgate.metering;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Prices (USD per 1M tokens) of the models the wire fixtures use, copied from the reference prices.csv
 * (LiteLLM, 2026-07-24) so tests never read outside the repository. OpenAI has no separate cache-write price:
 * a write is billed as input, so its write rates equal the input rate.
 */
public final class TestPrices {

    private static final Map<String, ModelPrice> PRICES = Map.ofEntries(
            Map.entry("gpt-4o", openAi("2.5", "1.25", "10")),
            Map.entry("gpt-4o-mini", openAi("0.15", "0.075", "0.6")),
            Map.entry("gpt-4.1-nano", openAi("0.1", "0.025", "0.4")),
            Map.entry("gpt-5", openAi("1.25", "0.125", "10")),
            Map.entry("gpt-5-mini", openAi("0.25", "0.025", "2")),
            Map.entry("text-embedding-3-small", openAi("0.02", "0.02", "0")),
            Map.entry("claude-haiku-4-5-20251001", anthropic("1", "0.1", "1.25", "2", "5", null)),
            Map.entry("claude-opus-4-1-20250805", anthropic("15", "1.5", "18.75", "30", "75", null)),
            Map.entry("claude-sonnet-4-5-20250929", anthropic("3", "0.3", "3.75", "6", "15",
                    new LongContextTier(200_000, rates("6", "0.6", "7.5", "12", "22.5")))));

    private TestPrices() {
    }

    /** The price of a model by its prices.csv key; fails for a model not copied here. */
    public static ModelPrice of(String model) {
        ModelPrice price = PRICES.get(model);
        if (price == null) {
            throw new IllegalArgumentException("no test price for " + model);
        }
        return price;
    }

    /** Rates from decimal strings, in the order of {@link PriceRates}. */
    public static PriceRates rates(String input, String cached, String write5m, String write1h, String output) {
        return new PriceRates(new BigDecimal(input), new BigDecimal(cached), new BigDecimal(write5m),
                new BigDecimal(write1h), new BigDecimal(output));
    }

    private static ModelPrice openAi(String input, String cached, String output) {
        return new ModelPrice(rates(input, cached, input, input, output), null);
    }

    private static ModelPrice anthropic(String input, String cached, String write5m, String write1h, String output,
            @Nullable LongContextTier tier) {
        return new ModelPrice(rates(input, cached, write5m, write1h, output), tier);
    }
}
