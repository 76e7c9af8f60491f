package dev.spendgate.config;

import org.jspecify.annotations.Nullable;

/**
 * One model of the LiteLLM price map, converted to USD per 1M tokens.
 *
 * @param key         the map key, e.g. {@code gpt-4o} or {@code claude-sonnet-4-5-20250929}
 * @param provider    LiteLLM's {@code litellm_provider}, e.g. {@code openai}, or null when absent
 * @param mode        LiteLLM's {@code mode}, e.g. {@code chat} or {@code embedding}, or null when absent
 * @param base        the standard prices (any of them may be absent in the map)
 * @param longContext the long-context tier, or null when the model has none
 * @param maxInputTokens LiteLLM's {@code max_input_tokens} (the context window), or null when absent
 */
public record LiteLlmEntry(
        String key, @Nullable String provider, @Nullable String mode, PriceFields base, @Nullable Tier longContext,
        @Nullable Long maxInputTokens) {

    /** An entry without a known context window. */
    public LiteLlmEntry(String key, @Nullable String provider, @Nullable String mode, PriceFields base,
            @Nullable Tier longContext) {
        this(key, provider, mode, base, longContext, null);
    }

    /**
     * A whole-request tier from the {@code *_above_<N>k_tokens} fields.
     *
     * @param aboveInputTokens N x 1000: the tier applies when total input is above this
     * @param fields           the tier's prices; input and output fall back to the base ones when the map has no
     *                         tier value for them
     */
    public record Tier(long aboveInputTokens, PriceFields fields) {
    }
}
