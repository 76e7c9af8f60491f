package dev.spendgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LiteLlmPricesTest {

    private static final LiteLlmPrices EXCERPT =
            LiteLlmPrices.load(Path.of("src/test/resources/config/litellm-excerpt.json"));

    @Test
    void perTokenFloatsBecomeExactPerMillionDecimals() {
        LiteLlmEntry gpt4o = EXCERPT.find("gpt-4o");
        assertThat(gpt4o.base()).isEqualTo(new PriceFields(
                new BigDecimal("2.5"), new BigDecimal("1.25"), null, null, new BigDecimal("10")));
        assertThat(gpt4o.provider()).isEqualTo("openai");
        assertThat(gpt4o.mode()).isEqualTo("chat");
        assertThat(gpt4o.longContext()).isNull();
        assertThat(EXCERPT.find("gpt-4o-mini").base().cachedInput()).isEqualTo(new BigDecimal("0.075"));
    }

    @Test
    void anthropicCacheFieldsMapToReadAnd5mAnd1hWrites() {
        LiteLlmEntry haiku = EXCERPT.find("claude-haiku-4-5-20251001");
        assertThat(haiku.base()).isEqualTo(new PriceFields(new BigDecimal("1"), new BigDecimal("0.1"),
                new BigDecimal("1.25"), new BigDecimal("2"), new BigDecimal("5")));
    }

    @Test
    void aboveNkTokensFieldsFormALongContextTier() {
        LiteLlmEntry.Tier sonnet = EXCERPT.find("claude-sonnet-4-5-20250929").longContext();
        assertThat(sonnet.aboveInputTokens()).isEqualTo(200_000);
        assertThat(sonnet.fields()).isEqualTo(new PriceFields(new BigDecimal("6"), new BigDecimal("0.6"),
                new BigDecimal("7.5"), new BigDecimal("12"), new BigDecimal("22.5")));

        LiteLlmEntry.Tier gpt54 = EXCERPT.find("gpt-5.4").longContext();
        assertThat(gpt54.aboveInputTokens()).as("_above_272k_tokens").isEqualTo(272_000);
        assertThat(gpt54.fields()).isEqualTo(new PriceFields(
                new BigDecimal("5"), new BigDecimal("0.5"), null, null, new BigDecimal("22.5")));
    }

    @Test
    void priorityVariantsOfTierFieldsAreIgnored() {
        // gemini-2.5-pro has input_cost_per_token_above_200k_tokens_priority next to the standard tier fields.
        LiteLlmEntry.Tier pro = EXCERPT.find("gemini/gemini-2.5-pro").longContext();
        assertThat(pro.fields().input()).isEqualTo(new BigDecimal("2.5"));
        assertThat(pro.fields().output()).isEqualTo(new BigDecimal("15"));
    }

    @Test
    void sampleSpecAndNonObjectEntriesAreSkipped() {
        assertThat(EXCERPT.find("sample_spec")).isNull();
        assertThat(EXCERPT.find("last_updated")).as("a string entry").isNull();
        assertThat(EXCERPT.size()).isEqualTo(7);
    }

    @Test
    void tierWithoutInputOrOutputFallsBackToTheBaseRate() {
        LiteLlmPrices prices = LiteLlmPrices.parse("""
                {"m": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06,
                       "cache_read_input_token_cost_above_128k_tokens": 2e-07,
                       "input_cost_per_token_above_256k_tokens": 9e-06}}
                """, "inline");
        LiteLlmEntry.Tier tier = prices.find("m").longContext();
        assertThat(tier.aboveInputTokens()).as("the lowest tier is kept").isEqualTo(128_000);
        assertThat(tier.fields()).isEqualTo(new PriceFields(
                new BigDecimal("1"), new BigDecimal("0.2"), null, null, new BigDecimal("2")));
    }

    @Test
    void nonNumericAndNegativeCostsAreTreatedAsAbsent() {
        LiteLlmPrices prices = LiteLlmPrices.parse("""
                {"m": {"input_cost_per_token": "1e-06", "output_cost_per_token": -1e-06, "mode": "chat"}}
                """, "inline");
        assertThat(prices.find("m").base()).isEqualTo(PriceFields.none());
    }

    @Test
    void brokenFileIsAConfigErrorWithItsLocation() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> LiteLlmPrices.parse("{\"m\": {\n  \"x\": }", "prices.json"));
        assertThat(e.errors()).singleElement().asString().startsWith("prices.json: invalid JSON at line 2");
        ConfigException notObject = catchThrowableOfType(ConfigException.class,
                () -> LiteLlmPrices.parse("[1]", "prices.json"));
        assertThat(notObject.errors()).singleElement().asString().startsWith("prices.json: not a JSON object");
    }

    @Test
    void fullDocumentedMapLoads() {
        LiteLlmPrices all = LiteLlmPrices.load(Path.of("../config/litellm_model_prices.json"));
        assertThat(all.size()).as("2985 keys minus sample_spec and last_updated").isEqualTo(2983);
        assertThat(all.find("text-embedding-3-small").base().input()).isEqualTo(new BigDecimal("0.02"));
    }
}
