package dev.spendgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Dimension;
import dev.spendgate.route.FailureKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteConfigTest {

    private static final Map<String, String> KEYS = Map.of(
            "OPENAI_API_KEY", "sk-test-openai", "ANTHROPIC_API_KEY", "sk-ant-test", "EAST_KEY", "k1");

    static final String ROUTED = """
            providers:
              openai:
                type: openai
                base_url: https://api.openai.com/v1
                api_key: ${OPENAI_API_KEY}
                circuit_breaker: {failure_threshold: 2, open_for: 10s}
              azure-east:
                type: openai
                base_url: https://east.example.test/openai/v1
                api_key: ${EAST_KEY}
                auth_header: api-key
            models:
              gpt-4o:
                provider: openai
                price: {input: 2.5, output: 10}
                context_window: 128000
                fallbacks: [gpt-4o-mini]
                fallback_on: [rate_limited, timeout]
                context_fallback: gpt-4.1
                deployments:
                  - {provider: openai, weight: 3}
                  - {provider: azure-east, upstream_model: gpt-4o-2024-08-06, weight: 0.5}
              gpt-4o-mini:
                provider: openai
                price: {input: 0.15, output: 0.6}
              gpt-4.1:
                provider: openai
                price: {input: 2, output: 8}
            routing:
              retry: {max_attempts: 5, initial_backoff: 100ms, max_backoff: 2s, max_retry_after: 10s, deadline: 90s}
              rules:
                - name: free-summarize
                  match: {feature: summarize, tier: free, models: [gpt-4o]}
                  route_to: gpt-4o-mini
              experiments:
                - name: summarize-model-test
                  match: {feature: summarize}
                  sticky: session
                  arms:
                    - {name: control, model: gpt-4o, weight: 50}
                    - {name: treatment, model: gpt-4.1, weight: 12.5}
            """;

    @Test
    void everyRoutingKeyIsBound() {
        GatewayConfig config = ConfigLoader.parse(ROUTED, "routed.yaml", KEYS);

        assertThat(config.providers().get("openai").circuitBreaker())
                .isEqualTo(new CircuitBreakerConfig(2, Duration.ofSeconds(10)));
        assertThat(config.providers().get("azure-east").circuitBreaker()).isEqualTo(CircuitBreakerConfig.defaults());
        ModelConfig gpt4o = config.models().get("gpt-4o");
        assertThat(gpt4o.contextWindow()).isEqualTo(128_000L);
        assertThat(gpt4o.fallbacks()).containsExactly("gpt-4o-mini");
        assertThat(gpt4o.fallbackOn()).containsExactlyInAnyOrder(FailureKind.RATE_LIMITED, FailureKind.TIMEOUT);
        assertThat(gpt4o.contextFallback()).isEqualTo("gpt-4.1");
        assertThat(gpt4o.deployments()).containsExactly(new Deployment("openai", "gpt-4o", 3),
                new Deployment("azure-east", "gpt-4o-2024-08-06", 0.5));

        RoutingConfig routing = config.routing();
        assertThat(routing.retry()).isEqualTo(new RetryConfig(5, Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofSeconds(90)));
        assertThat(routing.rules()).containsExactly(new RouteRule("free-summarize", new MatchConfig(
                Map.of(Dimension.FEATURE, "summarize", Dimension.TIER, "free"), Set.of("gpt-4o"), null),
                "gpt-4o-mini"));
        assertThat(routing.experiments()).containsExactly(new ExperimentConfig("summarize-model-test",
                new MatchConfig(Map.of(Dimension.FEATURE, "summarize"), Set.of(), null), StickyBy.SESSION,
                List.of(new Arm("control", "gpt-4o", 50), new Arm("treatment", "gpt-4.1", 12.5))));
    }

    @Test
    void defaultsWhenNothingIsWritten() {
        GatewayConfig config = ConfigLoader.parse(ConfigLoaderTest.MINIMAL, "minimal.yaml", KEYS);
        ModelConfig mini = config.models().get("gpt-4o-mini");
        assertThat(mini.contextWindow()).isNull();
        assertThat(mini.fallbacks()).isEmpty();
        assertThat(mini.fallbackOn()).isEqualTo(EnumSet.of(FailureKind.RATE_LIMITED, FailureKind.SERVER_ERROR,
                FailureKind.OVERLOADED, FailureKind.CONNECT_ERROR, FailureKind.TIMEOUT));
        assertThat(mini.contextFallback()).isNull();
        assertThat(mini.deployments()).containsExactly(new Deployment("openai", "gpt-4o-mini", 1));
        assertThat(config.providers().get("openai").circuitBreaker())
                .isEqualTo(new CircuitBreakerConfig(5, Duration.ofSeconds(30)));
        assertThat(config.routing()).isEqualTo(RoutingConfig.defaults());
        assertThat(config.routing().retry()).isEqualTo(new RetryConfig(3, Duration.ofMillis(200),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60)));
    }

    @Test
    void experimentStickyDefaultsToCustomer() {
        GatewayConfig config = ConfigLoader.parse(ROUTED.replace("      sticky: session\n", ""), "routed.yaml", KEYS);
        assertThat(config.routing().experiments().get(0).sticky()).isEqualTo(StickyBy.CUSTOMER);
    }

    @Test
    void contextWindowDefaultsFromTheLiteLlmMap() {
        GatewayConfig config = ConfigLoader.load(Path.of("../config/gateway.yaml"), KEYS);
        LiteLlmPrices litellm = LiteLlmPrices.load(Path.of("../config/litellm_model_prices.json"));
        ModelConfig mini = config.models().get("gpt-4o-mini");
        assertThat(mini.contextWindow()).isNotNull()
                .isEqualTo(litellm.find("gpt-4o-mini").maxInputTokens());
        // The alias's entry is found first (the upstream model's would be used when the alias had none).
        assertThat(config.models().get("claude-sonnet-4-5").contextWindow()).isNotNull()
                .isEqualTo(litellm.find("claude-sonnet-4-5").maxInputTokens());
        assertThat(config.models().get("claude-3-5-haiku").contextWindow()).isNull();
    }

    @Test
    void exampleConfigHasARoutingExample() {
        GatewayConfig config = ConfigLoader.load(Path.of("../config/gateway.yaml"), KEYS);
        ModelConfig gpt4o = config.models().get("gpt-4o");
        assertThat(gpt4o.fallbacks()).containsExactly("gpt-4.1", "gpt-4o-mini");
        assertThat(gpt4o.contextFallback()).isEqualTo("gpt-4.1");
        assertThat(config.routing().rules()).extracting(RouteRule::name).containsExactly("autocomplete-mini");
        assertThat(config.routing().experiments()).singleElement().satisfies(e -> {
            assertThat(e.sticky()).isEqualTo(StickyBy.CUSTOMER);
            assertThat(e.arms()).extracting(Arm::model).containsExactly("claude-sonnet-4-5", "claude-haiku-4-5");
        });
        assertThat(config.providers().get("openai").circuitBreaker()).isEqualTo(CircuitBreakerConfig.defaults());
    }
}
