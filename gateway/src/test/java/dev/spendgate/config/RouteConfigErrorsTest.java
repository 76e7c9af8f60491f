package dev.spendgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteConfigErrorsTest {

    private static final Map<String, String> ENV = Map.of(
            "OPENAI_API_KEY", "sk-secret-123", "ANTHROPIC_API_KEY", "sk-ant-secret");

    private static final String BASE = """
            providers:
              openai:
                type: openai
                base_url: https://api.openai.com/v1
                api_key: ${OPENAI_API_KEY}
              east:
                type: openai
                base_url: https://east.example.test/v1
                api_key: ${OPENAI_API_KEY}
              anthropic:
                type: anthropic
                base_url: https://api.anthropic.com
                api_key: ${ANTHROPIC_API_KEY}
            models:
              gpt-4o:
                provider: openai
                price: {input: 2.5, output: 10}
            %s
              gpt-4o-mini:
                provider: openai
                price: {input: 0.15, output: 0.6}
              haiku:
                provider: anthropic
                price: {input: 1, output: 5}
            %s
            """;

    private static List<String> errorsOf(String gpt4oKeys, String tail) {
        String yaml = BASE.formatted(gpt4oKeys.indent(4).stripTrailing(), tail);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "bad.yaml", ENV));
        assertThat(e).as("config is rejected").isNotNull();
        assertThat(String.join("\n", e.errors())).doesNotContain("sk-secret-123");
        return e.errors();
    }

    private static List<String> routingErrors(String routing) {
        return errorsOf("", "routing:\n" + routing.indent(2));
    }

    @Test
    void baseIsValid() {
        assertThat(ConfigLoader.parse(BASE.formatted("", ""), "ok.yaml", ENV).models()).hasSize(3);
    }

    @Test
    void circuitBreakerMistakes() {
        String yaml = ConfigLoaderTest.MINIMAL.replace("api_key: ${OPENAI_API_KEY}",
                "api_key: ${OPENAI_API_KEY}\n    circuit_breaker: {failure_threshold: 0, open_for: soon, half: 1}");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "bad.yaml", ENV));
        assertThat(e.errors()).containsExactlyInAnyOrder(
                "providers.openai.circuit_breaker.half: unknown key (expected: one of [failure_threshold, open_for])",
                "providers.openai.circuit_breaker.failure_threshold: '0' (expected: an integer >= 1)",
                "providers.openai.circuit_breaker.open_for: 'soon' (expected: a duration such as 500ms, 30s, 5m or "
                        + "1h (at least 1ms))");
    }

    @Test
    void fallbackMistakes() {
        assertThat(errorsOf("""
                context_window: 0
                fallbacks: [gpt-4o, nope, gpt-4o-mini, gpt-4o-mini, haiku, 3]
                fallback_on: [rate_limited, context_length, slow, rate_limited]
                context_fallback: gpt-4o
                """, "")).containsExactlyInAnyOrder(
                "models.gpt-4o.context_window: '0' (expected: an integer >= 1)",
                "models.gpt-4o.fallbacks[0]: 'gpt-4o' (expected: a model alias defined under models, other than "
                        + "'gpt-4o')",
                "models.gpt-4o.fallbacks[1]: 'nope' (expected: a model alias defined under models, other than "
                        + "'gpt-4o')",
                "models.gpt-4o.fallbacks[3]: 'gpt-4o-mini' (expected: each model once)",
                "models.gpt-4o.fallbacks[5]: '3' (expected: a model alias defined under models, other than "
                        + "'gpt-4o')",
                "models.gpt-4o.fallback_on[1]: 'context_length' (expected: one of [rate_limited, server_error, "
                        + "overloaded, connect_error, timeout]; context length is handled by context_fallback)",
                "models.gpt-4o.fallback_on[2]: 'slow' (expected: one of [rate_limited, server_error, overloaded, "
                        + "connect_error, timeout])",
                "models.gpt-4o.fallback_on[3]: 'rate_limited' (expected: each failure kind once)",
                "models.gpt-4o.context_fallback: 'gpt-4o' (expected: a model alias defined under models, other "
                        + "than 'gpt-4o')");
    }

    @Test
    void fallbackListMustBeAListAndAnotherFormatIsAllowed() {
        // A context fallback (or fallback) of the other API format is served through translation.
        assertThat(errorsOf("""
                fallbacks: gpt-4o-mini
                context_fallback: haiku
                """, "")).containsExactlyInAnyOrder(
                "models.gpt-4o.fallbacks: 'gpt-4o-mini' (expected: a list of model aliases, e.g. [gpt-4o-mini])");
    }

    @Test
    void deploymentMistakes() {
        assertThat(errorsOf("""
                deployments:
                  - {provider: east, weight: 0}
                  - {upstream_model: x, weight: heavy}
                  - {provider: anthropic}
                  - {provider: nowhere, zone: a}
                  - just-a-string
                """, "")).containsExactlyInAnyOrder(
                "models.gpt-4o.deployments[0].weight: '0' (expected: a number > 0 and at most 1000000)",
                "models.gpt-4o.deployments[1].provider: missing (expected: a provider of the model's type openai, "
                        + "one of [openai, east])",
                "models.gpt-4o.deployments[1].weight: 'heavy' (expected: a number > 0 and at most 1000000)",
                "models.gpt-4o.deployments[2].provider: 'anthropic' (expected: a provider of the model's type "
                        + "openai, one of [openai, east])",
                "models.gpt-4o.deployments[3].zone: unknown key (expected: one of [provider, upstream_model, "
                        + "weight])",
                "models.gpt-4o.deployments[3].provider: 'nowhere' (expected: a provider of the model's type openai, "
                        + "one of [openai, east])",
                "models.gpt-4o.deployments[4]: 'just-a-string' (expected: a mapping with keys [provider, "
                        + "upstream_model, weight])");
        assertThat(errorsOf("deployments: []", "")).containsExactly(
                "models.gpt-4o.deployments: a list (expected: at least one deployment (leave deployments out for "
                        + "the model's own provider))");
    }

    @Test
    void retryMistakes() {
        assertThat(routingErrors("""
                retry: {max_attempts: 0, initial_backoff: 2s, max_backoff: 1s, max_retry_after: x, deadline: 0ms,
                        jitter: full}
                retries: 3
                """)).containsExactlyInAnyOrder(
                "routing.retries: unknown key (expected: one of [retry, rules, experiments])",
                "routing.retry.jitter: unknown key (expected: one of [max_attempts, initial_backoff, max_backoff, "
                        + "max_retry_after, deadline])",
                "routing.retry.max_attempts: '0' (expected: an integer >= 1)",
                "routing.retry.max_retry_after: 'x' (expected: a duration such as 500ms, 30s, 5m or 1h)",
                "routing.retry.deadline: '0ms' (expected: a duration such as 500ms, 30s, 5m or 1h (at least 1ms))",
                "routing.retry.max_backoff: '1s' (expected: at least initial_backoff (2000ms))");
        assertThat(routingErrors("retry: {initial_backoff: 10s}")).containsExactly(
                "routing.retry.max_backoff: default 5000ms (expected: at least initial_backoff (10000ms))");
    }

    @Test
    void ruleMistakes() {
        assertThat(routingErrors("""
                rules:
                  - name: a
                    match: {feature: summarize, models: [gpt-4o, nope], colour: red}
                    route_to: gpt-4o-mini
                  - name: a
                    route_to: nope
                  - match: {key: missing-key}
                  - name: to-haiku
                    match: {models: [gpt-4o]}
                    route_to: haiku
                    fallback: x
                  - not-a-mapping
                """)).containsExactlyInAnyOrder(
                "routing.rules[0].match.colour: unknown key (expected: one of [feature, team, customer, tier, "
                        + "experiment, environment, session, models, key])",
                "routing.rules[0].match.models[1]: 'nope' (expected: a model alias defined under models)",
                "routing.rules[1].name: 'a' (expected: a name not already used by routing.rules[0])",
                "routing.rules[1].route_to: 'nope' (expected: a model alias defined under models)",
                "routing.rules[2].name: missing (expected: a name of letters, digits, '.', '_' or '-', unique in "
                        + "routing.rules)",
                "routing.rules[2].match.key: 'missing-key' (expected: a key name under guardrails.keys)",
                "routing.rules[2].route_to: missing (expected: a model alias defined under models)",
                "routing.rules[3].fallback: unknown key (expected: one of [name, match, route_to])",
                "routing.rules[4]: 'not-a-mapping' (expected: a mapping with keys [name, match, route_to])");
    }

    @Test
    void experimentMistakes() {
        assertThat(routingErrors("""
                experiments:
                  - name: one-arm
                    arms: [{name: control, model: gpt-4o, weight: 1}]
                  - name: no-arms
                  - name: bad-arms
                    match: {models: [gpt-4o]}
                    sticky: user
                    arms:
                      - {name: control, model: gpt-4o, weight: 0}
                      - {name: control, model: nope, weight: 50}
                      - {model: haiku, weight: -1, color: red}
                      - {name: t, model: gpt-4o-mini}
                      - {name: 'bad name', model: gpt-4o-mini, weight: 1}
                """)).containsExactlyInAnyOrder(
                "routing.experiments[0].arms: 1 arm(s) (expected: at least 2 arms, e.g. [{name: control, model: "
                        + "gpt-4o, weight: 50}, {name: treatment, model: gpt-4o-mini, weight: 50}])",
                "routing.experiments[1].arms: missing (expected: at least 2 arms, e.g. [{name: control, model: "
                        + "gpt-4o, weight: 50}, {name: treatment, model: gpt-4o-mini, weight: 50}])",
                "routing.experiments[2].sticky: 'user' (expected: one of [customer, session, none])",
                "routing.experiments[2].arms[0].weight: '0' (expected: a number > 0 and at most 1000000)",
                "routing.experiments[2].arms[1].name: 'control' (expected: an arm name not already used in this "
                        + "experiment)",
                "routing.experiments[2].arms[1].model: 'nope' (expected: a model alias defined under models)",
                "routing.experiments[2].arms[2].color: unknown key (expected: one of [name, model, weight])",
                "routing.experiments[2].arms[2].name: missing (expected: an arm name of letters, digits, '.', '_' "
                        + "or '-')",
                "routing.experiments[2].arms[2].weight: '-1' (expected: a number > 0 and at most 1000000)",
                "routing.experiments[2].arms[3].weight: missing (expected: a number > 0, the arm's relative share)",
                "routing.experiments[2].arms[4].name: 'bad name' (expected: an arm name of letters, digits, '.', "
                        + "'_' or '-')");
    }

    @Test
    void armsOfAnExperimentMayMixApiFormats() {
        // Chat and messages requests are translated to the arm's format; other endpoints are refused per request.
        String yaml = BASE.formatted("", """
                routing:
                  experiments:
                    - name: mixed
                      arms: [{name: a, model: gpt-4o, weight: 1}, {name: b, model: haiku, weight: 1}]
                """);
        assertThat(ConfigLoader.parse(yaml, "ok.yaml", ENV).routing().experiments().get(0).arms())
                .extracting(Arm::model).containsExactly("gpt-4o", "haiku");
    }

    @Test
    void experimentNamesAreUnique() {
        String arms = "arms: [{name: a, model: gpt-4o, weight: 1}, {name: b, model: gpt-4o-mini, weight: 1}]";
        assertThat(routingErrors("experiments:\n  - {name: x, " + arms.replace("arms: ", "arms: ") + "}\n"
                + "  - {name: x, " + arms + "}\n")).containsExactly(
                "routing.experiments[1].name: 'x' (expected: a name not already used by routing.experiments[0])");
    }
}
