package dev.spendgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.spendgate.config.ConfigLoader;
import dev.spendgate.config.GatewayConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoutesViewTest {

    private static final Map<String, String> KEYS = Map.of(
            "OPENAI_API_KEY", "sk-test-openai", "ANTHROPIC_API_KEY", "sk-ant-test");

    @Test
    @SuppressWarnings("unchecked")
    void describesTheExampleConfigWithLiveBreakerStateAndNoSecrets() throws Exception {
        GatewayConfig config = ConfigLoader.load(Path.of("../config/gateway.yaml"), KEYS);
        AtomicLong now = new AtomicLong();
        CircuitBreakers breakers = new CircuitBreakers(config.providers(), now::get);
        for (int i = 0; i < 5; i++) {
            breakers.get("anthropic").tryAcquire();
            breakers.get("anthropic").onFailure();
        }

        Map<String, Object> view = RoutesView.of(config, breakers);
        String json = JsonMapper.builder().build().writeValueAsString(view);

        assertThat(view).containsOnlyKeys("models", "retry", "rules", "experiments", "providers");
        Map<String, Object> gpt4o = (Map<String, Object>) ((Map<String, Object>) view.get("models")).get("gpt-4o");
        assertThat(gpt4o).containsEntry("context_window", 128000L)
                .containsEntry("fallbacks", List.of("gpt-4.1", "gpt-4o-mini"))
                .containsEntry("context_fallback", "gpt-4.1")
                .containsEntry("fallback_on",
                        List.of("rate_limited", "server_error", "overloaded", "connect_error", "timeout"))
                .containsEntry("deployments", List.of(Map.of("provider", "openai", "upstream_model", "gpt-4o",
                        "weight", 1.0)));
        assertThat(view.get("retry")).isEqualTo(Map.of("max_attempts", 3, "initial_backoff_ms", 200L,
                "max_backoff_ms", 5000L, "max_retry_after_ms", 30000L, "deadline_ms", 60000L));
        assertThat(json).contains("\"rules\":[{\"name\":\"autocomplete-mini\",\"match\":{\"feature\":\"autocomplete\","
                + "\"models\":[\"gpt-4o\"]},\"route_to\":\"gpt-4o-mini\"}]");
        assertThat(json).contains("{\"name\":\"treatment\",\"model\":\"claude-haiku-4-5\",\"weight\":50.0}");
        assertThat(json).contains("\"anthropic\":{\"type\":\"anthropic\",\"circuit_breaker\":{\"failure_threshold\":5,"
                + "\"open_for_ms\":30000,\"state\":\"open\",\"state_code\":1,\"consecutive_failures\":0}}");
        assertThat(json).contains("\"state\":\"closed\",\"state_code\":0");
        assertThat(json).doesNotContain("sk-test-openai").doesNotContain("sk-ant-test").doesNotContain("https://");
    }
}
