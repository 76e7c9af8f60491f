package dev.spendgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Dimension;
import dev.spendgate.metering.CostCalculator;
import dev.spendgate.metering.LongContextTier;
import dev.spendgate.metering.ModelPrice;
import dev.spendgate.metering.PriceRates;
import dev.spendgate.metering.TokenUsage;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final Map<String, String> KEYS = Map.of(
            "OPENAI_API_KEY", "sk-test-openai", "ANTHROPIC_API_KEY", "sk-ant-test");

    static final String MINIMAL = """
            providers:
              openai:
                type: openai
                base_url: https://api.openai.com/v1
                api_key: ${OPENAI_API_KEY}
            models:
              gpt-4o-mini:
                provider: openai
                price: {input: 0.15, cached_input: 0.075, output: 0.6}
            """;

    private static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }

    @Test
    void exampleConfigLoadsWithRealPrices() {
        GatewayConfig config = ConfigLoader.load(Path.of("../config/gateway.yaml"), KEYS);

        assertThat(config.providers()).containsOnlyKeys("openai", "anthropic");
        assertThat(config.models().get("gpt-4o-mini").price().base()).isEqualTo(new PriceRates(
                usd("0.15"), usd("0.075"), usd("0.15"), usd("0.15"), usd("0.6")));
        ModelConfig sonnet = config.models().get("claude-sonnet-4-5");
        assertThat(sonnet.upstreamModel()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(sonnet.price().base()).isEqualTo(new PriceRates(
                usd("3"), usd("0.3"), usd("3.75"), usd("6"), usd("15")));
        assertThat(sonnet.price().longContext()).isEqualTo(new LongContextTier(200_000, new PriceRates(
                usd("6"), usd("0.6"), usd("7.5"), usd("12"), usd("22.5"))));
        assertThat(config.models().get("gpt-5.4").price().longContext().aboveInputTokens()).isEqualTo(272_000);
        assertThat(config.models().get("text-embedding-3-small").price().base().output()).isEqualTo(usd("0"));
        assertThat(config.defaults()).isEqualTo(new DefaultsConfig("openai", "anthropic"));
    }

    @Test
    void exampleConfigPricesAgreeWithTheLiteLlmMapWhereBothExist() {
        GatewayConfig config = ConfigLoader.load(Path.of("../config/gateway.yaml"), KEYS);
        LiteLlmPrices litellm = LiteLlmPrices.load(Path.of("../config/litellm_model_prices.json"));
        int compared = 0;
        for (ModelConfig model : config.models().values()) {
            LiteLlmEntry entry = litellm.find(model.upstreamModel());
            if (entry == null) {
                continue;
            }
            ProviderType type = config.providers().get(model.provider()).type();
            assertThat(model.price().base())
                    .as("hand-written price of %s matches LiteLLM %s", model.alias(), entry.key())
                    .usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                    .isEqualTo(entry.base().complete(type));
            LiteLlmEntry.Tier tier = entry.longContext();
            if (tier != null) {
                assertThat(model.price().longContext()).as("long-context tier of %s", model.alias())
                        .usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                        .isEqualTo(new LongContextTier(tier.aboveInputTokens(), tier.fields().complete(type)));
            }
            compared++;
        }
        assertThat(compared).as("models cross-checked").isGreaterThan(20);
    }

    @Test
    void exampleConfigMetersTheAnthropicFixtureExactly() {
        // wire/anthropic-messages.json (Sonnet 4.5): 42 in, 10240 cache read, 1536 5m write, 318 out = $0.013728.
        ModelPrice price = ConfigLoader.load(Path.of("../config/gateway.yaml"), KEYS)
                .models().get("claude-sonnet-4-5").price();
        TokenUsage usage = new TokenUsage(42, 10_240, 1_536, 0, 318, 0);
        assertThat(CostCalculator.cost(usage, price)).isEqualByComparingTo("0.013728");
    }

    @Test
    void demoConfigLoadsFromTheClasspathWithEnvironmentPorts() {
        GatewayConfig config = ConfigLoader.loadResource("demo.yaml", Map.of(
                "SIM_OPENAI_BASE_URL", "http://127.0.0.1:40001/v1",
                "SIM_ANTHROPIC_BASE_URL", "http://127.0.0.1:40002",
                "GATEWAY_PORT", "0"));

        assertThat(config.server().port()).isZero();
        assertThat(config.server().adminPort()).as("default of ${ADMIN_PORT:-9090}").isEqualTo(9090);
        assertThat(config.ledger().dir()).isEqualTo(Path.of("./data/ledger"));
        assertThat(config.providers().get("sim-openai").baseUrl()).isEqualTo(URI.create("http://127.0.0.1:40001/v1"));
        assertThat(config.providers().get("sim-anthropic").credentials())
                .isEqualTo(new Credentials.ApiKey("x-api-key", "sim-key"));
        assertThat(config.models()).containsOnlyKeys("gpt-4o", "gpt-4o-mini", "gpt-4.1-nano",
                "text-embedding-3-small", "claude-sonnet-4-5", "claude-haiku-4-5");
        assertThat(config.models().get("gpt-4.1-nano").price().base().cachedInput()).isEqualTo(usd("0.025"));
        assertThat(config.defaults()).isEqualTo(new DefaultsConfig("sim-openai", "sim-anthropic"));
    }

    @Test
    void minimalConfigGetsEveryDocumentedDefault() {
        GatewayConfig config = ConfigLoader.parse(MINIMAL, "minimal.yaml", KEYS);

        assertThat(config.server()).isEqualTo(new ServerConfig(
                "0.0.0.0", 8080, 9090, 10_000_000L, 64_000_000L, Duration.ofSeconds(30),
                Duration.ofSeconds(30)));
        assertThat(config.attribution().headers()).containsEntry(Dimension.ENVIRONMENT, "X-LLM-Env")
                .containsEntry(Dimension.SESSION, "X-LLM-Session").hasSize(Dimension.values().length);
        assertThat(config.attribution().maxLength()).isEqualTo(128);
        assertThat(config.metrics()).isEqualTo(new MetricsConfig(200, 100_000, Duration.ofHours(24)));
        assertThat(config.ledger()).isEqualTo(new LedgerConfig(true, Path.of("./data/ledger"), 65_536));
        ProviderConfig openai = config.providers().get("openai");
        assertThat(openai.credentials()).isEqualTo(new Credentials.ApiKey("authorization", "sk-test-openai"));
        assertThat(openai.maxConnections()).isEqualTo(500);
        assertThat(openai.timeouts()).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(5),
                Duration.ofSeconds(120), Duration.ofSeconds(60), Duration.ofMinutes(10)));
        assertThat(openai.headers()).isEmpty();
        ModelConfig model = config.models().get("gpt-4o-mini");
        assertThat(model.upstreamModel()).as("defaults to the alias").isEqualTo("gpt-4o-mini");
        assertThat(config.defaults()).isEqualTo(new DefaultsConfig("openai", null));
    }

    @Test
    void anthropicProviderGetsItsAuthHeaderAndNoForcedVersionHeader() {
        GatewayConfig config = ConfigLoader.parse("""
                providers:
                  claude:
                    type: anthropic
                    base_url: https://api.anthropic.com/
                    api_key: passthrough
                    headers: {anthropic-beta: context-1m-2025-08-07}
                models:
                  claude-haiku-4-5: {provider: claude, price: {input: 1, output: 5}}
                """, "t.yaml", Map.of());

        ProviderConfig claude = config.providers().get("claude");
        assertThat(claude.baseUrl()).as("trailing slash dropped").isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(claude.credentials()).isEqualTo(new Credentials.Passthrough());
        assertThat(claude.headers()).as("anthropic-version is defaulted per request, keeping the caller's")
                .containsExactly(Map.entry("anthropic-beta", "context-1m-2025-08-07"));
        assertThat(config.defaults()).isEqualTo(new DefaultsConfig(null, "claude"));
    }

    @Test
    void valuesWithUnitsAndEnvironmentReferencesAreResolved() {
        GatewayConfig config = ConfigLoader.parse("""
                server:
                  port: ${PORT:-8080}
                  admin_port: "${ADMIN:-0}"
                  max_body_bytes: 1GiB
                  max_response_bytes: 512KB
                  shutdown_grace: 500ms
                  request_read_timeout: 2s
                ledger: {dir: "${HOME_DIR}/ledger", enabled: "${LEDGER_ON:-false}"}
                """ + MINIMAL.replace("https://api.openai.com/v1", "${OPENAI_URL:-http://localhost:11434/v1}"),
                "t.yaml", Map.of("PORT", "18080", "HOME_DIR", "/srv", "OPENAI_API_KEY", "k", "LEDGER_ON", ""));

        assertThat(config.server()).isEqualTo(new ServerConfig(
                "0.0.0.0", 18_080, 0, 1L << 30, 512_000L, Duration.ofMillis(500),
                Duration.ofSeconds(2)));
        assertThat(config.ledger().dir()).isEqualTo(Path.of("/srv/ledger"));
        assertThat(config.ledger().enabled()).as(":- applies to a set but empty variable").isFalse();
        assertThat(config.providers().get("openai").baseUrl()).isEqualTo(URI.create("http://localhost:11434/v1"));
    }

    @Test
    void dollarDollarBraceIsALiteralDollarBrace() {
        GatewayConfig config = ConfigLoader.parse(MINIMAL.replace("base_url: https://api.openai.com/v1",
                        "base_url: https://api.openai.com/v1\n    headers: {X-Template: \"$${literal}\"}"),
                "t.yaml", KEYS);
        assertThat(config.providers().get("openai").headers()).containsEntry("X-Template", "${literal}");
    }

    @Test
    void toStringNeverShowsTheApiKeyOrCredentialHeaders() {
        GatewayConfig config = ConfigLoader.parse(MINIMAL.replace("base_url: https://api.openai.com/v1",
                "base_url: https://api.openai.com/v1\n    headers: {OpenAI-Organization: org-1, X-Gw-Token: tok-9}"),
                "t.yaml", KEYS);

        String shown = config.toString();
        assertThat(shown).doesNotContain("sk-test-openai").doesNotContain("tok-9")
                .contains("OpenAI-Organization=org-1").contains("X-Gw-Token=***").contains("key=***");
    }
}
