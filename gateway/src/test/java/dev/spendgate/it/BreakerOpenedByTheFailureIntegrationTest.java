package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import dev.spendgate.testkit.WireFixtures;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failure that itself opens its provider's circuit breaker: the planned retry cannot happen, so the request
 * falls back at once, for the failure's own kind (here a timeout, with {@code fallback_on: [timeout]}), and the
 * ledger calls the failed attempt a fallback, not a retry.
 */
class BreakerOpenedByTheFailureIntegrationTest {

    private static WireMockServer slow;
    private static WireMockServer alive;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        slow = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        slow.start();
        slow.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withFixedDelay(3000)
                .withHeader("Content-Type", "application/json").withBody(WireFixtures.bytes("openai-chat.json"))));
        alive = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        alive.start();
        alive.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(WireFixtures.bytes("openai-chat.json"))));
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                routing: {retry: {initial_backoff: 10ms, max_backoff: 20ms}}
                providers:
                  slow:
                    type: openai
                    base_url: "%s/v1"
                    api_key: "${OPENAI_API_KEY}"
                    timeouts: {connect: 1s, first_byte: 300ms, idle: 5s, total: 30s}
                    circuit_breaker: {failure_threshold: 1, open_for: 60s}
                  alive: {type: openai, base_url: "%s/v1", api_key: "${OPENAI_API_KEY}"}
                models:
                  model-a:
                    provider: slow
                    price: {input: 1, output: 4}
                    fallbacks: [model-b]
                    fallback_on: [timeout]
                  model-b: {provider: alive, price: {input: 1, output: 4}}
                """.formatted(slow.baseUrl(), alive.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        slow.stop();
        alive.stop();
        LeakAssertions.assertNoLeaks();
    }

    @Test
    void timeoutThatOpensTheBreakerFallsBackForItsOwnKind() throws Exception {
        HttpResponse<String> r = RetryAndFallbackIntegrationTest.chat(gateway, "model-a", "opened", "Hello");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("alive");
        assertThat(r.headers().firstValue("X-LLM-Fallback")).hasValue("timeout");
        slow.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        List<JsonNode> rows = RetryAndFallbackIntegrationTest.rows(gateway, "opened", 2);
        assertThat(rows.get(0).path("attempt_outcome").asText()).as("no retry happened").isEqualTo("fallback");
        assertThat(rows.get(0).path("fallback_reason").asText()).isEqualTo("timeout");
        assertThat(rows.get(1).path("attempt_outcome").asText()).isEqualTo("success");
        assertThat(rows.get(1).path("fallback_reason").asText()).isEqualTo("timeout");

        HttpResponse<String> next = RetryAndFallbackIntegrationTest.chat(gateway, "model-a", "skipped", "Hello");
        assertThat(next.statusCode()).as("the open circuit is skipped for the fallback").isEqualTo(200);
        assertThat(next.headers().firstValue("X-LLM-Fallback")).hasValue("circuit_open");
        slow.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }
}
