package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.spendgate.guard.redis.RedisBudgetStore;
import dev.spendgate.testkit.RedisServer;
import dev.spendgate.testkit.TestGateway;
import dev.spendgate.testkit.WireFixtures;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With a shared budget store (Redis) no budget call may block a Netty event loop. A retry waits its backoff on
 * the client connection's event loop; when the target's circuit breaker opened meanwhile, the retry turns into a
 * fallback to another model, whose budget re-check reserves in Redis. That re-check must run off the event loop
 * too ({@link RedisBudgetStore} reports a blocking call made on a non-blocking thread), and the request's end
 * settles the fallback's reservation, made again under the request's id after the first one was released.
 */
class RedisFallbackOffLoopIntegrationTest {

    private static RedisServer redis;
    private static WireMockServer provider;
    private static final ListAppender<ILoggingEvent> REDIS_LOG = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startNew();
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        provider.stubFor(post(urlEqualTo("/p1/v1/chat/completions")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")));
        provider.stubFor(post(urlEqualTo("/p2/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(WireFixtures.bytes("openai-chat.json"))));
        REDIS_LOG.start();
        ((Logger) LoggerFactory.getLogger(RedisBudgetStore.class)).addAppender(REDIS_LOG);
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(RedisBudgetStore.class)).detachAppender(REDIS_LOG);
        try {
            provider.stop();
        } finally {
            redis.close();
        }
    }

    @Test
    void aRetryThatFallsBackBecauseTheBreakerOpenedReChecksTheBudgetOffTheEventLoop() throws Exception {
        try (TestGateway g = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                state: {store: redis, url: "%s", key_prefix: "%s", timeout: 500ms, on_unavailable: fail_closed}
                providers:
                  p1: {type: openai, base_url: "%s/p1/v1", api_key: k1,
                       circuit_breaker: {failure_threshold: 1, open_for: 60s}}
                  p2: {type: openai, base_url: "%s/p2/v1", api_key: k2}
                models:
                  primary: {provider: p1, upstream_model: gpt-4o-mini, price: {input: 0.15, output: 0.6},
                            fallbacks: [backup]}
                  backup: {provider: p2, upstream_model: gpt-4o-mini, price: {input: 0.15, output: 0.6}}
                routing: {retry: {max_attempts: 3, initial_backoff: 50ms, max_backoff: 50ms}}
                guardrails:
                  budgets:
                    - {name: fleet, match: {feature: f}, limit_usd: 10}
                """.formatted(redis.url(), "offloop-" + UUID.randomUUID() + ":", provider.baseUrl(),
                provider.baseUrl()))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(g.openAiBaseUrl() + "/chat/completions")).timeout(Duration.ofSeconds(20))
                    .header("X-LLM-Feature", "f").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"primary\",\"max_tokens\":100,"
                                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            // One attempt on p1 (503, breaker opens), the retry finds it open and falls back to p2.
            provider.verify(1, postRequestedFor(urlEqualTo("/p1/v1/chat/completions")));
            provider.verify(1, postRequestedFor(urlEqualTo("/p2/v1/chat/completions")));
            List<String> blocking = REDIS_LOG.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("non-blocking thread")).toList();
            assertThat(blocking).as("Redis calls that blocked an event loop").isEmpty();
            // The fallback re-reserved under the request's id after releasing the first reservation: the end of
            // the request settles that one (charged, nothing left reserved), not a no-op on a stale marker.
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode current = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(g.adminUrl() + "/admin/budgets")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).path("budgets").get(0).path("current");
                assertThat(new BigDecimal(current.path("spent").path("usd").asText())).isPositive();
                assertThat(current.path("spent").path("requests").asLong()).isEqualTo(1);
                assertThat(new BigDecimal(current.path("reserved").path("usd").asText())).isZero();
            });
        }
    }
}
