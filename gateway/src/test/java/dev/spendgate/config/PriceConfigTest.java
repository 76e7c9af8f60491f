package dev.spendgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spendgate.metering.LongContextTier;
import dev.spendgate.metering.ModelPrice;
import dev.spendgate.metering.PriceRates;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceConfigTest {

    /** The test resources folder, so that {@code litellm_file} is resolved the way a YAML file's would be. */
    private static final Path RESOURCES = Path.of("src/test/resources/config").toAbsolutePath();

    private static final String PROVIDERS = """
            providers:
              openai: {type: openai, base_url: "https://api.openai.com/v1", api_key: k}
              anthropic: {type: anthropic, base_url: "https://api.anthropic.com", api_key: k}
            """;

    private static ModelPrice priceOf(String modelYaml) {
        GatewayConfig config = ConfigLoader.parse("prices: {litellm_file: litellm-excerpt.json}\n" + PROVIDERS
                + "models:\n  m:\n" + modelYaml.indent(4), "t.yaml", Map.of(), RESOURCES);
        return config.models().get("m").price();
    }

    private static List<String> errorsOf(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(PROVIDERS + yaml, "t.yaml", Map.of(), RESOURCES));
        assertThat(e).isNotNull();
        return e.errors();
    }

    private static PriceRates rates(String in, String cached, String w5m, String w1h, String out) {
        return new PriceRates(new BigDecimal(in), new BigDecimal(cached), new BigDecimal(w5m),
                new BigDecimal(w1h), new BigDecimal(out));
    }

    @Test
    void yamlDecimalsStayExactlyAsWritten() {
        ModelPrice price = priceOf("provider: openai\nprice: {input: 0.15, cached_input: 0.075, output: 0.60}");
        assertThat(price.base().cachedInput()).isEqualTo(new BigDecimal("0.075"));
        assertThat(price.base().output()).as("scale kept, not 0.6 via double").isEqualTo(new BigDecimal("0.60"));
        assertThat(priceOf("provider: openai\nprice: {input: '1e1', output: 1.10}").base().input())
                .isEqualTo(new BigDecimal("10"));
    }

    @Test
    void openaiCacheRatesDefaultToInput() {
        assertThat(priceOf("provider: openai\nprice: {input: 2, output: 8}").base())
                .isEqualTo(rates("2", "2", "2", "2", "8"));
    }

    @Test
    void anthropicCacheRatesDefaultToTheirMultiplesOfInput() {
        assertThat(priceOf("provider: anthropic\nprice: {input: 3, output: 15}").base())
                .usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(rates("3", "0.3", "3.75", "6", "15"));
    }

    @Test
    void longContextTierDefaultsFromItsOwnInput() {
        ModelPrice price = priceOf("""
                provider: anthropic
                price:
                  input: 3
                  output: 15
                  long_context: {above_input_tokens: 200000, input: 6, output: 22.5}
                """);
        assertThat(price.longContext().aboveInputTokens()).isEqualTo(200_000);
        assertThat(price.longContext().rates())
                .usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(rates("6", "0.6", "7.5", "12", "22.5"));
    }

    @Test
    void modelWithoutPriceTakesTheLiteLlmEntryOfItsUpstreamModel() {
        ModelPrice price = priceOf("provider: anthropic\nupstream_model: claude-sonnet-4-5-20250929");
        assertThat(price.base()).isEqualTo(rates("3", "0.3", "3.75", "6", "15"));
        assertThat(price.longContext()).isEqualTo(new LongContextTier(200_000, rates("6", "0.6", "7.5", "12",
                "22.5")));
    }

    @Test
    void yamlFieldsOverrideTheLiteLlmBaseOneByOne() {
        ModelPrice price = priceOf("""
                provider: openai
                litellm_key: gpt-5.4
                price:
                  output: 14
                  long_context: {above_input_tokens: 300000}
                """);
        assertThat(price.base()).isEqualTo(rates("2.5", "0.25", "2.5", "2.5", "14"));
        assertThat(price.longContext()).isEqualTo(new LongContextTier(300_000, rates("5", "0.5", "5", "5",
                "22.5")));
    }

    @Test
    void embeddingPriceFromLiteLlmHasZeroOutput() {
        assertThat(priceOf("provider: openai\nlitellm_key: text-embedding-3-small").base())
                .isEqualTo(rates("0.02", "0.02", "0.02", "0.02", "0"));
    }

    @Test
    void modelWithNoPriceAnywhereNamesBothWaysToFixIt() {
        assertThat(errorsOf("models: {my-model: {provider: openai}}")).containsExactly(
                "models.my-model.price: missing (expected: price: {input: ..., output: ...} in USD per 1M tokens, "
                        + "or litellm_key: naming a model of the LiteLLM price file (set prices.litellm_file))");
        assertThat(errorsOf("prices: {litellm_file: litellm-excerpt.json}\nmodels: {my-model: {provider: openai}}"))
                .singleElement().asString().contains("(no entry 'my-model' in ");
        assertThat(errorsOf("prices: {litellm_file: litellm-excerpt.json}\n"
                + "models: {my-model: {provider: openai, upstream_model: gpt-x}}"))
                .singleElement().asString().contains("(no entry 'my-model' or 'gpt-x' in ");
    }

    @Test
    void litellmKeyMustExistInAConfiguredFile() {
        assertThat(errorsOf("models: {m: {provider: openai, litellm_key: gpt-4o}}")).containsExactly(
                "models.m.litellm_key: 'gpt-4o' (expected: a model key of the LiteLLM price file, but "
                        + "prices.litellm_file is not set)");
        assertThat(errorsOf("prices: {litellm_file: litellm-excerpt.json}\n"
                + "models: {m: {provider: openai, litellm_key: gpt-9}}")).singleElement().asString()
                .startsWith("models.m.litellm_key: 'gpt-9' (expected: a model key of ");
    }

    @Test
    void missingLiteLlmFileIsReportedUnderItsKey() {
        assertThat(errorsOf("prices: {litellm_file: nope.json}\nmodels: {m: {provider: openai, "
                + "price: {input: 1, output: 1}}}")).singleElement().asString()
                .startsWith("prices.litellm_file: ").contains("nope.json: cannot read the LiteLLM price file");
    }

    @Test
    void outputMustBeWrittenEvenForEmbeddingsAndPricesMustNotBeNegative() {
        assertThat(errorsOf("models: {e: {provider: openai, price: {input: 0.02}}, "
                + "n: {provider: openai, price: {input: -1, output: abc}}}")).containsExactly(
                "models.e.price.output: missing (expected: USD per 1M output tokens, 0 for an embedding model)",
                "models.n.price.input: '-1' (expected: a non-negative number, USD per 1M tokens)",
                "models.n.price.output: 'abc' (expected: a non-negative number, USD per 1M tokens)");
    }

    @Test
    void longContextTierNeedsItsThresholdAndRates() {
        assertThat(errorsOf("models: {m: {provider: openai, price: {input: 1, output: 2, "
                + "long_context: {input: 2, outptu: 3}}}}")).containsExactly(
                "models.m.price.long_context.outptu: unknown key (expected: one of [above_input_tokens, input, "
                        + "cached_input, cache_write_5m, cache_write_1h, output])",
                "models.m.price.long_context.above_input_tokens: missing (expected: the input token count above "
                        + "which the tier applies, e.g. 200000)",
                "models.m.price.long_context.output: missing (expected: USD per 1M output tokens, 0 for an "
                        + "embedding model)");
    }
}
