package dev.spendgate.config;

import dev.spendgate.metering.PriceRates;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Per-1M-token prices as written in one source (YAML or the LiteLLM map), any of them possibly absent. Sources are
 * layered with {@link #overriddenBy} and the result is turned into complete {@link PriceRates} with
 * {@link #complete}, which fills the cache rates the provider's way.
 *
 * @param input        USD per 1M uncached input tokens
 * @param cachedInput  USD per 1M cache-read input tokens
 * @param cacheWrite5m USD per 1M cache-write tokens, 5-minute TTL (OpenAI cache writes count here)
 * @param cacheWrite1h USD per 1M cache-write tokens, 1-hour TTL
 * @param output       USD per 1M output tokens (reasoning included)
 */
public record PriceFields(
        @Nullable BigDecimal input,
        @Nullable BigDecimal cachedInput,
        @Nullable BigDecimal cacheWrite5m,
        @Nullable BigDecimal cacheWrite1h,
        @Nullable BigDecimal output) {

    /** Anthropic prompt caching: a cache read costs 0.1x base input (docs "Prompt caching", pricing table). */
    private static final BigDecimal ANTHROPIC_READ = new BigDecimal("0.1");
    /** Anthropic 5-minute cache write: 1.25x base input. */
    private static final BigDecimal ANTHROPIC_WRITE_5M = new BigDecimal("1.25");
    /** Anthropic 1-hour cache write: 2x base input. */
    private static final BigDecimal ANTHROPIC_WRITE_1H = new BigDecimal("2");

    /** No field set. */
    public static PriceFields none() {
        return new PriceFields(null, null, null, null, null);
    }

    /** These fields, with each field that {@code over} sets replaced by its value. */
    public PriceFields overriddenBy(PriceFields over) {
        return new PriceFields(
                pick(over.input, input),
                pick(over.cachedInput, cachedInput),
                pick(over.cacheWrite5m, cacheWrite5m),
                pick(over.cacheWrite1h, cacheWrite1h),
                pick(over.output, output));
    }

    /** Whether both required fields, input and output, are set. */
    public boolean isCompletable() {
        return input != null && output != null;
    }

    /**
     * Complete rates: absent cache rates default from {@code input}. OpenAI-type providers bill cached input and
     * cache writes at the input rate unless told otherwise (caching is automatic, with no write surcharge);
     * Anthropic bills reads at 0.1x, 5-minute writes at 1.25x and 1-hour writes at 2x base input.
     *
     * @throws IllegalStateException when input or output is absent (check {@link #isCompletable()} first)
     */
    public PriceRates complete(ProviderType type) {
        BigDecimal in = input;
        BigDecimal out = output;
        if (in == null || out == null) {
            throw new IllegalStateException("input and output prices are required: " + this);
        }
        boolean anthropic = type == ProviderType.ANTHROPIC;
        return new PriceRates(
                in,
                orDefault(cachedInput, anthropic ? in.multiply(ANTHROPIC_READ) : in),
                orDefault(cacheWrite5m, anthropic ? in.multiply(ANTHROPIC_WRITE_5M) : in),
                orDefault(cacheWrite1h, anthropic ? in.multiply(ANTHROPIC_WRITE_1H) : in),
                out);
    }

    private static BigDecimal orDefault(@Nullable BigDecimal value, BigDecimal fallback) {
        return value != null ? value : fallback;
    }

    private static @Nullable BigDecimal pick(@Nullable BigDecimal first, @Nullable BigDecimal fallback) {
        return first != null ? first : fallback;
    }
}
