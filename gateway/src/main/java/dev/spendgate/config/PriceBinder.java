package dev.spendgate.config;

import dev.spendgate.metering.LongContextTier;
import dev.spendgate.metering.ModelPrice;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Works out one model's price from its {@code price} block and/or the LiteLLM map:
 * <ol>
 *   <li>{@code litellm_key} set: that LiteLLM entry is the base, and fields written under {@code price} override
 *       it one by one;</li>
 *   <li>else {@code price} set: the YAML price is the whole price (what you write is what you pay);</li>
 *   <li>else the LiteLLM entry keyed by the alias, or else by {@code upstream_model}.</li>
 * </ol>
 * Absent cache rates then default from input the provider's way ({@link PriceFields#complete}).
 */
final class PriceBinder {

    static final List<String> PRICE_KEYS = List.of(
            "input", "cached_input", "cache_write_5m", "cache_write_1h", "output", "long_context");
    static final List<String> TIER_KEYS = List.of(
            "above_input_tokens", "input", "cached_input", "cache_write_5m", "cache_write_1h", "output");

    private static final String USD = "a non-negative number, USD per 1M tokens";

    private final LiteLlmPrices litellm;
    private final boolean litellmConfigured;

    PriceBinder(LiteLlmPrices litellm, boolean litellmConfigured) {
        this.litellm = litellm;
        this.litellmConfigured = litellmConfigured;
    }

    /** The model's price, or null when it has none or it is invalid (the reason is reported). */
    @Nullable ModelPrice bind(YamlSection model, String alias, String upstreamModel, ProviderType type) {
        ConfigErrors errors = model.errors();
        int errorsBefore = errors.count();
        boolean hasPrice = model.raw("price") != null;
        String litellmKey = model.optString("litellm_key", "a model key of the LiteLLM price file");
        LiteLlmEntry base = null;
        if (litellmKey != null) {
            base = litellm.find(litellmKey);
            if (base == null) {
                errors.invalid(model.path("litellm_key"), model.raw("litellm_key"), litellmConfigured
                        ? "a model key of " + litellm.source()
                        : "a model key of the LiteLLM price file, but prices.litellm_file is not set");
                return null;
            }
        } else if (!hasPrice) {
            base = litellm.find(alias);
            base = base != null ? base : litellm.find(upstreamModel);
            if (base == null) {
                errors.missing(model.path("price"), "price: {input: ..., output: ...} in USD per 1M tokens, or "
                        + "litellm_key: naming a model of the LiteLLM price file"
                        + (litellmConfigured ? " (no entry " + names(alias, upstreamModel) + " in "
                        + litellm.source() + ")" : " (set prices.litellm_file)"));
                return null;
            }
        }
        YamlSection price = model.section("price", PRICE_KEYS);
        PriceFields fields = base == null ? fields(price) : base.base().overriddenBy(fields(price));
        String origin = base == null ? "" : "; LiteLLM entry '" + base.key() + "' has none";
        requireInputOutput(price, fields, origin);
        LongContextTier tier = tier(price, base, type, origin);
        if (errors.count() > errorsBefore) {
            return null;
        }
        return new ModelPrice(fields.complete(type), tier);
    }

    /**
     * LiteLLM's {@code max_input_tokens} for the entry that prices the model: {@code litellm_key}'s, else the
     * alias's, else the upstream model's; null when unknown.
     */
    @Nullable Long contextWindow(@Nullable String litellmKey, String alias, String upstreamModel) {
        LiteLlmEntry entry = litellmKey != null ? litellm.find(litellmKey) : litellm.find(alias);
        if (entry == null && litellmKey == null) {
            entry = litellm.find(upstreamModel);
        }
        return entry == null ? null : entry.maxInputTokens();
    }

    private @Nullable LongContextTier tier(
            YamlSection price, @Nullable LiteLlmEntry base, ProviderType type, String origin) {
        LiteLlmEntry.Tier baseTier = base == null ? null : base.longContext();
        boolean hasYamlTier = price.raw("long_context") != null;
        if (!hasYamlTier && baseTier == null) {
            return null;
        }
        YamlSection yaml = price.section("long_context", TIER_KEYS);
        long above = baseTier == null ? -1 : baseTier.aboveInputTokens();
        if (yaml.raw("above_input_tokens") != null) {
            above = yaml.integer("above_input_tokens", above, 1, Long.MAX_VALUE);
        } else if (baseTier == null) {
            yaml.errors().missing(yaml.path("above_input_tokens"),
                    "the input token count above which the tier applies, e.g. 200000");
        }
        PriceFields fields = baseTier == null ? fields(yaml) : baseTier.fields().overriddenBy(fields(yaml));
        requireInputOutput(yaml, fields, origin);
        return above > 0 && fields.isCompletable() ? new LongContextTier(above, fields.complete(type)) : null;
    }

    private static String names(String alias, String upstreamModel) {
        return alias.equals(upstreamModel) ? "'" + alias + "'" : "'" + alias + "' or '" + upstreamModel + "'";
    }

    private static void requireInputOutput(YamlSection s, PriceFields fields, String origin) {
        if (fields.input() == null && s.raw("input") == null) {
            s.errors().missing(s.path("input"), "USD per 1M input tokens" + origin);
        }
        if (fields.output() == null && s.raw("output") == null) {
            s.errors().missing(s.path("output"), "USD per 1M output tokens, 0 for an embedding model" + origin);
        }
    }

    private static PriceFields fields(YamlSection s) {
        return new PriceFields(
                s.decimal("input", USD),
                s.decimal("cached_input", USD),
                s.decimal("cache_write_5m", USD),
                s.decimal("cache_write_1h", USD),
                s.decimal("output", USD));
    }
}
