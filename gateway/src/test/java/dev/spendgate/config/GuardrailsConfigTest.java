package dev.spendgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.LadderStep.Action;
import dev.spendgate.config.WindowSpec.Kind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardrailsConfigTest {

    static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-o", "ANTHROPIC_API_KEY", "sk-a");

    /** Two providers of different API formats and a few models, for guardrails to refer to. */
    static final String BASE = """
            providers:
              openai: {type: openai, base_url: "https://api.openai.com/v1", api_key: "${OPENAI_API_KEY}"}
              anthropic: {type: anthropic, base_url: "https://api.anthropic.com", api_key: "${ANTHROPIC_API_KEY}"}
            models:
              gpt-4o: {provider: openai, price: {input: 2.5, output: 10}}
              gpt-4o-mini: {provider: openai, price: {input: 0.15, output: 0.6}}
              gpt-4.1: {provider: openai, price: {input: 2, output: 8}}
              claude-haiku-4-5: {provider: anthropic, price: {input: 1, output: 5}}
            """;

    /** printf %s sk-gw-search-test | sha256sum */
    static final String SEARCH_SHA = "2785a0b6b17271f80d28ddbabea3f961c861d0b97a2dcbfa98681174ca0f49db";

    static GuardrailsConfig guardrails(String yaml) {
        return ConfigLoader.parse(BASE + yaml, "test.yaml", ENV).guardrails();
    }

    @Test
    void everyKnobOfTheFullSchemaIsBound() {
        GuardrailsConfig g = guardrails("""
                guardrails:
                  time_zone: Europe/Berlin
                  default_output_cap: 2048
                  require: [feature, team]
                  budgets:
                    - name: free-summarize-daily
                      match: {feature: summarize, tier: free, models: [gpt-4o], key: search-service}
                      per: customer
                      window: day
                      limit_usd: 50
                      limit_tokens: 1000000
                      limit_requests: 10000
                      enforce: false
                      actions:
                        - {at: 0.8, action: warn}
                        - {at: 0.9, action: downgrade, to: gpt-4o-mini}
                        - {at: 1.0, action: block}
                      clamp_max_tokens: {min: 256}
                  rate_limits:
                    - name: free-customer-minute
                      match: {tier: free}
                      per: customer
                      requests_per_minute: 20
                      tokens_per_minute: 20000
                      enforce: false
                  caps:
                    - name: free-caps
                      match: {tier: free}
                      max_input_tokens: 8000
                      route_to: gpt-4.1
                      max_output_tokens: 1024
                  keys:
                    - name: search-service
                      sha256: %s
                      attribution: {team: search, environment: production}
                      models: [gpt-4o-mini, gpt-4o]
                      require: [feature]
                """.formatted(SEARCH_SHA));

        assertThat(g.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(g.defaultOutputCap()).isEqualTo(2048);
        assertThat(g.require()).containsExactly(Dimension.FEATURE, Dimension.TEAM);
        MatchConfig match = new MatchConfig(
                Map.of(Dimension.FEATURE, "summarize", Dimension.TIER, "free"), Set.of("gpt-4o"), "search-service");
        assertThat(g.budgets()).containsExactly(new BudgetConfig("free-summarize-daily", match, Dimension.CUSTOMER,
                new WindowSpec(Kind.DAY, null), new BigDecimal("50"), 1_000_000L, 10_000L, false,
                List.of(new LadderStep(new BigDecimal("0.8"), Action.WARN, null),
                        new LadderStep(new BigDecimal("0.9"), Action.DOWNGRADE, "gpt-4o-mini"),
                        new LadderStep(new BigDecimal("1.0"), Action.BLOCK, null)),
                256L));
        assertThat(g.rateLimits()).containsExactly(new RateLimitConfig("free-customer-minute",
                new MatchConfig(Map.of(Dimension.TIER, "free"), Set.of(), null), Dimension.CUSTOMER, 20L, 20_000L,
                false));
        assertThat(g.caps()).containsExactly(new CapConfig("free-caps",
                new MatchConfig(Map.of(Dimension.TIER, "free"), Set.of(), null), 8000L, "gpt-4.1", 1024L));
        assertThat(g.keys()).containsExactly(new KeyConfig("search-service", SEARCH_SHA,
                Map.of(Dimension.TEAM, "search", Dimension.ENVIRONMENT, "production"),
                Set.of("gpt-4o-mini", "gpt-4o"), List.of(Dimension.FEATURE)));
    }

    @Test
    void exampleConfigShowsTiersLadderShadowBudgetRateLimitCapsAndAKey() throws Exception {
        GuardrailsConfig g = ConfigLoader.load(Path.of("../config/gateway.yaml"), ENV).guardrails();

        assertThat(g.budgets()).extracting(BudgetConfig::name).contains("free-summarize-daily",
                "free-customer-daily", "enterprise-customer-monthly", "search-team-monthly");
        BudgetConfig ladder = g.budgets().get(0);
        assertThat(ladder.actions()).extracting(LadderStep::action)
                .containsExactly(Action.WARN, Action.DOWNGRADE, Action.BLOCK);
        assertThat(ladder.actions().get(1).to()).isEqualTo("gpt-4o-mini");
        assertThat(g.budgets()).filteredOn(b -> b.per() == Dimension.CUSTOMER)
                .extracting(b -> b.match().attributes().get(Dimension.TIER)).contains("free", "enterprise");
        assertThat(g.budgets()).filteredOn(b -> !b.enforce()).singleElement()
                .satisfies(b -> assertThat(b.window().kind()).isEqualTo(Kind.MONTH));
        assertThat(g.rateLimits()).singleElement().satisfies(r -> assertThat(r.per()).isEqualTo(Dimension.CUSTOMER));
        assertThat(g.caps()).extracting(CapConfig::maxOutputTokens).contains(1024L);
        assertThat(g.keys()).as("keys are commented out so the quickstart runs without one").isEmpty();
        assertThat(java.nio.file.Files.readString(Path.of("../config/gateway.yaml")))
                .as("the documented placeholder key's hash").contains(sha256("sk-gw-example-change-me"));
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void absentSectionMeansNoGuardrails() {
        assertThat(guardrails("")).isEqualTo(GuardrailsConfig.none());
        assertThat(guardrails("guardrails:\n")).isEqualTo(GuardrailsConfig.none());
    }

    @Test
    void budgetWithOnlyALimitGetsTheDocumentedDefaults() {
        GuardrailsConfig g = guardrails("""
                guardrails:
                  budgets: [{name: all, limit_requests: 100}]
                """);

        assertThat(g.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(g.defaultOutputCap()).isEqualTo(4096);
        assertThat(g.require()).isEmpty();
        assertThat(g.budgets()).containsExactly(new BudgetConfig("all", MatchConfig.all(), null,
                new WindowSpec(Kind.DAY, null), null, null, 100L, true,
                List.of(new LadderStep(BigDecimal.ONE, Action.BLOCK, null)), null));
    }

    @Test
    void matchAttributesIterateInDimensionOrderWhateverTheYamlOrder() {
        GuardrailsConfig g = guardrails("""
                guardrails:
                  caps: [{name: c, match: {session: s1, tier: free, feature: chat}, max_output_tokens: 10}]
                """);

        assertThat(g.caps().get(0).match().attributes().keySet())
                .containsExactly(Dimension.FEATURE, Dimension.TIER, Dimension.SESSION);
    }

    @Test
    void usdLimitsAndThresholdsAreExactAsWritten() {
        GuardrailsConfig g = guardrails("""
                guardrails:
                  budgets:
                    - {name: a, limit_usd: 0.10, actions: [{at: 0.333, action: warn}, {at: 1.10, action: block}]}
                    - {name: b, limit_usd: "12345678.123456789"}
                    - {name: c, limit_usd: 0}
                """);

        assertThat(g.budgets()).extracting(BudgetConfig::limitUsd).as("no double rounding, scale kept")
                .containsExactly(new BigDecimal("0.10"), new BigDecimal("12345678.123456789"), new BigDecimal("0"));
        assertThat(g.budgets().get(0).actions()).extracting(LadderStep::at)
                .containsExactly(new BigDecimal("0.333"), new BigDecimal("1.10"));
    }

    @Test
    void rollingWindowsTakeMinutesHoursAndDays() {
        GuardrailsConfig g = guardrails("""
                guardrails:
                  budgets:
                    - {name: m, limit_usd: 1, window: rolling, rolling: 1m}
                    - {name: h, limit_usd: 1, window: rolling, rolling: 1h}
                    - {name: d, limit_usd: 1, window: rolling, rolling: 31d}
                    - {name: w, limit_usd: 1, window: week}
                    - {name: mo, limit_usd: 1, window: month}
                """);

        assertThat(g.budgets()).extracting(BudgetConfig::window).containsExactly(
                new WindowSpec(Kind.ROLLING, Duration.ofMinutes(1)),
                new WindowSpec(Kind.ROLLING, Duration.ofHours(1)),
                new WindowSpec(Kind.ROLLING, Duration.ofDays(31)),
                new WindowSpec(Kind.WEEK, null),
                new WindowSpec(Kind.MONTH, null));
    }

    @Test
    void downgradeWithoutMatchedModelsNeedsOnlyAnExistingModel() {
        GuardrailsConfig g = guardrails("""
                guardrails:
                  budgets:
                    - name: any-model
                      limit_usd: 5
                      actions: [{at: 0.5, action: downgrade, to: claude-haiku-4-5}, {at: 1, action: warn}]
                """);

        assertThat(g.budgets().get(0).actions()).extracting(LadderStep::to).containsExactly("claude-haiku-4-5", null);
    }

    @Test
    void keyToStringShowsOnlyAHashPrefix() {
        GuardrailsConfig g = guardrails("""
                guardrails:
                  keys: [{name: k, sha256: %s}]
                """.formatted(SEARCH_SHA));

        assertThat(g.keys()).singleElement().satisfies(k -> {
            assertThat(k.attribution()).isEmpty();
            assertThat(k.models()).as("empty = every model").isEmpty();
            assertThat(k.toString()).contains("2785a0b6...").doesNotContain(SEARCH_SHA);
        });
    }
}
