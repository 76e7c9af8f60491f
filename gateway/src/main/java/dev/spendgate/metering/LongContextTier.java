package dev.spendgate.metering;

/**
 * A whole-request price tier: when a request's total input ({@link TokenUsage#totalInput()}) is above
 * {@code aboveInputTokens}, every token of the request is billed at {@code rates} (all-or-nothing, as Anthropic,
 * Gemini and OpenAI price their long-context tiers).
 */
public record LongContextTier(long aboveInputTokens, PriceRates rates) {
}
