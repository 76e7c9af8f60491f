package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.PromText;
import dev.spendgate.testkit.TestGateway;
import dev.spendgate.testkit.WireFixtures;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retries and fallbacks against WireMock providers: a 429 retried after its Retry-After, a 5xx (and Anthropic's 529)
 * falling back to another provider's model priced at that model's price, a context-length 400 going to the larger
 * model while any other 400 passes through untouched, and the pre-flight context-window check.
 */
class RetryAndFallbackIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static WireMockServer p1;
    private static WireMockServer p2;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        p1 = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        p2 = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        p1.start();
        p2.start();
        p1.stubFor(chatFor("up-429").inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "1").withBody(WireFixtures.bytes("openai-error-429.json")))
                .willSetStateTo("limited"));
        p1.stubFor(chatFor("up-429").inScenario("rate").whenScenarioStateIs("limited")
                .willReturn(json(200, "openai-chat.json")));
        p1.stubFor(chatFor("up-a").willReturn(json(500, "openai-error-500.json")));
        p1.stubFor(chatFor("up-ctx").willReturn(json(400, "openai-error-context-length.json")));
        p1.stubFor(chatFor("up-bad").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(BAD_PARAM)));
        p1.stubFor(chatFor("up-big").willReturn(json(200, "openai-chat.json")));
        p1.stubFor(chatFor("up-tiny").willReturn(json(200, "openai-chat.json")));
        p1.stubFor(post(urlEqualTo("/v1/messages")).withRequestBody(matchingJsonPath("$.model", equalTo("up-claude-a")))
                .willReturn(aResponse().withStatus(529).withHeader("Content-Type", "application/json")
                        .withBody(WireFixtures.bytes("anthropic-error-529-overloaded.json"))));
        p2.stubFor(chatFor("up-b").willReturn(json(200, "openai-chat.json")));
        p2.stubFor(post(urlEqualTo("/v1/messages")).withRequestBody(matchingJsonPath("$.model", equalTo("up-claude-b")))
                .willReturn(json(200, "anthropic-messages.json")));
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                routing: {retry: {max_attempts: 3, initial_backoff: 20ms, max_backoff: 50ms}}
                providers:
                  p1: {type: openai, base_url: "%1$s/v1", api_key: "${OPENAI_API_KEY}"}
                  p2: {type: openai, base_url: "%2$s/v1", api_key: "${OPENAI_API_KEY}"}
                  ap1: {type: anthropic, base_url: "%1$s", api_key: "${ANTHROPIC_API_KEY}"}
                  ap2: {type: anthropic, base_url: "%2$s", api_key: "${ANTHROPIC_API_KEY}"}
                models:
                  limited: {provider: p1, upstream_model: up-429, price: {input: 1, cached_input: 0.5, output: 4}}
                  model-a:
                    provider: p1
                    upstream_model: up-a
                    price: {input: 10, cached_input: 5, output: 40}
                    fallbacks: [model-b]
                  model-b: {provider: p2, upstream_model: up-b, price: {input: 1, cached_input: 0.5, output: 4}}
                  ctx-a:
                    provider: p1
                    upstream_model: up-ctx
                    price: {input: 1, cached_input: 0.5, output: 4}
                    context_fallback: ctx-big
                  bad-a:
                    provider: p1
                    upstream_model: up-bad
                    price: {input: 1, cached_input: 0.5, output: 4}
                    fallbacks: [model-b]
                    context_fallback: ctx-big
                  tiny:
                    provider: p1
                    upstream_model: up-tiny
                    price: {input: 1, cached_input: 0.5, output: 4}
                    context_window: 50
                    context_fallback: ctx-big
                  ctx-big:
                    provider: p1
                    upstream_model: up-big
                    price: {input: 2, cached_input: 1, output: 8}
                    context_window: 1000000
                  claude-a:
                    provider: ap1
                    upstream_model: up-claude-a
                    price: {input: 15, cached_input: 1.5, cache_write_5m: 18.75, cache_write_1h: 30, output: 75}
                    fallbacks: [claude-b]
                  claude-b:
                    provider: ap2
                    upstream_model: up-claude-b
                    price: {input: 1, cached_input: 0.1, cache_write_5m: 1.25, cache_write_1h: 2, output: 5}
                """.formatted(p1.baseUrl(), p2.baseUrl()));
    }

    private static final String BAD_PARAM = "{\"error\":{\"message\":\"Unrecognized request argument supplied:"
            + " bad_param\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";

    private static com.github.tomakehurst.wiremock.client.MappingBuilder chatFor(String upstream) {
        return post(urlEqualTo("/v1/chat/completions")).withRequestBody(matchingJsonPath("$.model", equalTo(upstream)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(WireFixtures.bytes(fixture));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        p1.stop();
        p2.stop();
        LeakAssertions.assertNoLeaks();
    }

    static HttpResponse<String> chat(TestGateway gw, String model, String feature, String content)
            throws Exception {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + JSON.writeValueAsString(content) + "}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(gw.openAiBaseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-LLM-Feature", feature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The ledger lines of a feature once {@code n} are there, in attempt order. */
    static List<JsonNode> rows(TestGateway gw, String feature, int n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gw.ledger().stream()
                .filter(r -> feature.equals(r.path("feature").asText())).count() >= n);
        List<JsonNode> rows = gw.ledger().stream().filter(r -> feature.equals(r.path("feature").asText()))
                .sorted(Comparator.comparingInt(r -> r.path("attempt").asInt())).toList();
        assertThat(rows).as("ledger lines of %s", feature).hasSize(n);
        return rows;
    }

    private static int calls(WireMockServer server, String path, String upstream) {
        return server.findAll(postRequestedFor(urlEqualTo(path))
                .withRequestBody(matchingJsonPath("$.model", equalTo(upstream)))).size();
    }

    private static BigDecimal metric(String name, Map<String, String> labels) {
        return PromText.sum(gateway.scrape(), name, labels);
    }

    @Test
    void rateLimitedAttemptIsRetriedAfterItsRetryAfter() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> r = chat(gateway, "limited", "retry-429", "What is the invoice total?");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(WireFixtures.text("openai-chat.json"));
        assertThat(elapsedMs).as("Retry-After: 1 waited").isGreaterThanOrEqualTo(950);
        assertThat(r.headers().firstValue("X-LLM-Attempts")).hasValue("2");
        assertThat(r.headers().firstValue("X-LLM-Fallback")).as("a retry is not a fallback").isEmpty();
        assertThat(calls(p1, "/v1/chat/completions", "up-429")).isEqualTo(2);

        List<JsonNode> rows = rows(gateway, "retry-429", 2);
        assertThat(rows.get(0).path("attempt_outcome").asText()).isEqualTo("retry");
        assertThat(rows.get(0).path("fallback_reason").asText()).isEqualTo("rate_limited");
        assertThat(rows.get(1).path("attempt_outcome").asText()).isEqualTo("success");
        assertThat(rows.get(1).path("attempt").asInt()).isEqualTo(2);
        assertThat(rows.get(0).path("request_id").asText()).isEqualTo(rows.get(1).path("request_id").asText());

        assertThat(metric("llm_retries_total", Map.of("provider", "p1", "reason", "rate_limited")))
                .isEqualByComparingTo("1");
        assertThat(metric("llm_upstream_attempts_total", Map.of("model", "limited", "outcome", "retry",
                "reason", "rate_limited"))).isEqualByComparingTo("1");
        assertThat(metric("llm_upstream_attempts_total", Map.of("model", "limited", "outcome", "success")))
                .isEqualByComparingTo("1");
    }

    @Test
    void serverErrorFallsBackToTheOtherProviderPricedAtTheFallbacksPrice() throws Exception {
        HttpResponse<String> r = chat(gateway, "model-a", "fallback-500", "What is the invoice total?");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(WireFixtures.text("openai-chat.json"));
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("p2");
        assertThat(r.headers().firstValue("X-LLM-Model")).hasValue("model-b");
        assertThat(r.headers().firstValue("X-LLM-Fallback")).hasValue("server_error");
        assertThat(calls(p2, "/v1/chat/completions", "up-b")).isEqualTo(1);

        int failedOnA = calls(p1, "/v1/chat/completions", "up-a");
        assertThat(failedOnA).as("A tried (and retried) before the fallback").isBetween(1, 2);
        List<JsonNode> rows = rows(gateway, "fallback-500", failedOnA + 1);
        for (JsonNode failed : rows.subList(0, failedOnA)) {
            assertThat(failed.path("routed_model").asText()).isEqualTo("model-a");
            assertThat(failed.path("attempt_outcome").asText()).isIn("retry", "fallback");
            assertThat(failed.path("fallback_reason").asText()).isEqualTo("server_error");
            assertThat(new BigDecimal(failed.path("cost_usd").asText())).isZero();
        }
        assertThat(rows.get(failedOnA - 1).path("attempt_outcome").asText()).isEqualTo("fallback");
        JsonNode success = rows.get(failedOnA);
        assertThat(success.path("attempt_outcome").asText()).isEqualTo("success");
        assertThat(success.path("provider").asText()).isEqualTo("p2");
        assertThat(success.path("requested_model").asText()).isEqualTo("model-a");
        assertThat(success.path("routed_model").asText()).isEqualTo("model-b");
        assertThat(success.path("fallback_reason").asText()).isEqualTo("server_error");
        // 86 uncached x $1 + 1920 cached x $0.5 + 300 output x $4 per 1M tokens: model-b's table, not model-a's.
        assertThat(new BigDecimal(success.path("cost_usd").asText())).isEqualByComparingTo("0.002246");
        assertThat(metric("llm_fallbacks_total", Map.of("from_model", "model-a", "to_model", "model-b",
                "reason", "server_error"))).isEqualByComparingTo("1");
    }

    @Test
    void anthropicOverloadedFallsBackForAMessagesClient() throws Exception {
        String body = "{\"model\":\"claude-a\",\"max_tokens\":200,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Summarize the contract\"}]}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.anthropicBaseUrl()
                + "/v1/messages")).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01").header("X-LLM-Feature", "fallback-529")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(WireFixtures.text("anthropic-messages.json"));
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("ap2");
        assertThat(r.headers().firstValue("X-LLM-Model")).hasValue("claude-b");
        assertThat(r.headers().firstValue("X-LLM-Fallback")).hasValue("overloaded");
        int failed = calls(p1, "/v1/messages", "up-claude-a");
        assertThat(failed).isBetween(1, 2);
        List<JsonNode> rows = rows(gateway, "fallback-529", failed + 1);
        assertThat(rows.get(0).path("fallback_reason").asText()).isEqualTo("overloaded");
        assertThat(rows.get(failed).path("attempt_outcome").asText()).isEqualTo("success");
        assertThat(rows.get(failed).path("routed_model").asText()).isEqualTo("claude-b");
        assertThat(metric("llm_fallbacks_total", Map.of("from_model", "claude-a", "to_model", "claude-b",
                "reason", "overloaded"))).isEqualByComparingTo("1");
    }

    @Test
    void contextLengthErrorGoesToTheLargerModel() throws Exception {
        int bigBefore = calls(p1, "/v1/chat/completions", "up-big");
        HttpResponse<String> r = chat(gateway, "ctx-a", "ctx-400", "Summarize this long thread");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Model")).hasValue("ctx-big");
        assertThat(r.headers().firstValue("X-LLM-Fallback")).hasValue("context_length");
        assertThat(calls(p1, "/v1/chat/completions", "up-ctx")).as("not retried").isEqualTo(1);
        assertThat(calls(p1, "/v1/chat/completions", "up-big") - bigBefore).isEqualTo(1);
        List<JsonNode> rows = rows(gateway, "ctx-400", 2);
        assertThat(rows.get(0).path("attempt_outcome").asText()).isEqualTo("fallback");
        assertThat(rows.get(0).path("fallback_reason").asText()).isEqualTo("context_length");
        assertThat(rows.get(1).path("routed_model").asText()).isEqualTo("ctx-big");
    }

    @Test
    void anyOtherBadRequestIsPassedThroughWithOneUpstreamCall() throws Exception {
        int bigBefore = calls(p1, "/v1/chat/completions", "up-big");
        int bBefore = calls(p2, "/v1/chat/completions", "up-b");
        HttpResponse<String> r = chat(gateway, "bad-a", "bad-400", "Hello");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(BAD_PARAM));
        assertThat(r.headers().firstValue("X-LLM-Fallback")).isEmpty();
        assertThat(r.headers().firstValue("X-LLM-Attempts")).isEmpty();
        assertThat(calls(p1, "/v1/chat/completions", "up-bad")).isEqualTo(1);
        assertThat(calls(p1, "/v1/chat/completions", "up-big")).isEqualTo(bigBefore);
        assertThat(calls(p2, "/v1/chat/completions", "up-b")).isEqualTo(bBefore);
        JsonNode row = rows(gateway, "bad-400", 1).get(0);
        assertThat(row.path("attempt").asInt()).isEqualTo(1);
        assertThat(row.path("http_status").asInt()).isEqualTo(400);
    }

    @Test
    void promptTooLargeForTheWindowSkipsTheSmallModelWithoutCallingIt() throws Exception {
        String prompt = "The quarterly report covers revenue, costs, hiring and the roadmap for next year. "
                .repeat(40);
        HttpResponse<String> r = chat(gateway, "tiny", "ctx-window", prompt);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Model")).hasValue("ctx-big");
        assertThat(r.headers().firstValue("X-LLM-Fallback")).hasValue("context_window");
        assertThat(calls(p1, "/v1/chat/completions", "up-tiny")).as("never called").isZero();
        JsonNode row = rows(gateway, "ctx-window", 1).get(0);
        assertThat(row.path("requested_model").asText()).isEqualTo("tiny");
        assertThat(row.path("routed_model").asText()).isEqualTo("ctx-big");
        assertThat(row.path("fallback_reason").asText()).isEqualTo("context_window");
    }
}
