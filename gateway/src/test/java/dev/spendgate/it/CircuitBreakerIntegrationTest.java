package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.PromText;
import dev.spendgate.testkit.TestGateway;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dead provider (connection refused) opens its circuit breaker after failure_threshold failed attempts; from then
 * on requests skip it without an attempt and are served by the fallback on the other provider.
 */
class CircuitBreakerIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FixtureProvider alive;
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        alive = FixtureProvider.start().replay("/v1/chat/completions", "up-b", false, "openai-chat.json");
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                routing: {retry: {initial_backoff: 10ms, max_backoff: 20ms}}
                providers:
                  p1:
                    type: openai
                    base_url: "http://127.0.0.1:%d/v1"
                    api_key: "${OPENAI_API_KEY}"
                    circuit_breaker: {failure_threshold: 2, open_for: 30s}
                  p2: {type: openai, base_url: "%s", api_key: "${OPENAI_API_KEY}"}
                models:
                  model-a:
                    provider: p1
                    upstream_model: up-a
                    price: {input: 1, cached_input: 0.5, output: 4}
                    fallbacks: [model-b]
                  model-b: {provider: p2, upstream_model: up-b, price: {input: 1, cached_input: 0.5, output: 4}}
                """.formatted(deadPort, alive.openAiBaseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        alive.close();
        LeakAssertions.assertNoLeaks();
    }

    private static HttpResponse<String> chat(String feature) throws Exception {
        return RetryAndFallbackIntegrationTest.chat(gateway, "model-a", feature, "Hello");
    }

    private static JsonNode p1Breaker() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl() + "/admin/routes"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).path("providers").path("p1").path("circuit_breaker");
    }

    private static BigDecimal metric(String name, Map<String, String> labels) {
        return PromText.sum(gateway.scrape(), name, labels);
    }

    @Test
    void deadProviderOpensItsBreakerAndIsThenSkippedWithoutAnAttempt() throws Exception {
        assertThat(p1Breaker().path("state").asText()).isEqualTo("closed");
        assertThat(metric("llm_circuit_breaker_state", Map.of("provider", "p1"))).isEqualByComparingTo("0");

        int failing = 0;
        while (!"open".equals(p1Breaker().path("state").asText()) && failing < 2) {
            HttpResponse<String> r = chat("breaker-open-" + failing);
            assertThat(r.statusCode()).as("the fallback serves it").isEqualTo(200);
            assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("p2");
            failing++;
        }
        assertThat(p1Breaker().path("state").asText()).as("open after at most 2 failing requests")
                .isEqualTo("open");
        assertThat(p1Breaker().path("state_code").asInt()).isEqualTo(1);
        assertThat(metric("llm_circuit_breaker_state", Map.of("provider", "p1"))).isEqualByComparingTo("1");
        BigDecimal failedAttempts = metric("llm_upstream_attempts_total", Map.of("provider", "p1",
                "reason", "connect_error"));
        assertThat(failedAttempts).isEqualByComparingTo("2");
        BigDecimal skippedBefore = metric("llm_upstream_attempts_total", Map.of("provider", "p1",
                "outcome", "skipped", "reason", "circuit_open"));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = chat("breaker-skip");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("p2");
            assertThat(r.headers().firstValue("X-LLM-Model")).hasValue("model-b");
        }
        assertThat(metric("llm_upstream_attempts_total", Map.of("provider", "p1", "outcome", "skipped",
                "reason", "circuit_open")).subtract(skippedBefore)).isEqualByComparingTo("3");
        assertThat(metric("llm_upstream_attempts_total", Map.of("provider", "p1", "reason", "connect_error")))
                .as("no new attempt on p1").isEqualByComparingTo(failedAttempts);
        List<JsonNode> rows = RetryAndFallbackIntegrationTest.rows(gateway, "breaker-skip", 3);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.path("provider").asText()).isEqualTo("p2");
            assertThat(row.path("attempt_outcome").asText()).isEqualTo("success");
            assertThat(row.path("attempt").asInt()).as("no attempt on p1").isEqualTo(1);
            assertThat(row.path("routed_model").asText()).isEqualTo("model-b");
        });
        assertThat(alive.wireMock().getAllServeEvents()).hasSize(failing + 3);
        assertThat(p1Breaker().path("state").asText()).isEqualTo("open");
    }
}
