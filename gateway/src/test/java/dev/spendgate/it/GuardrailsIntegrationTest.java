package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Budgets, rate limits and required attribution through the real flow: the ladder (warn header, downgrade upstream,
 * 429 with Retry-After), shadow mode, clamping, requests and tokens per minute with streams.
 */
class GuardrailsIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FixtureProvider fixtures;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-5-mini", false, "openai-chat.json")
                .replay("/v1/chat/completions", "gpt-4o-mini", false, "openai-chat.json")
                .replay("/v1/chat/completions", "gpt-4o-mini", true, "openai-chat-stream.sse");
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                providers:
                  openai: {type: openai, base_url: %s, api_key: "${OPENAI_API_KEY}"}
                models:
                  gpt-5-mini: {provider: openai, price: {input: 0.25, cached_input: 0.025, output: 2}}
                  gpt-4o-mini: {provider: openai, price: {input: 0.15, cached_input: 0.075, output: 0.6}}
                guardrails:
                  budgets:
                    - name: ladder
                      match: {feature: ladder}
                      limit_requests: 10
                      actions:
                        - {at: 0.5, action: warn}
                        - {at: 0.7, action: downgrade, to: gpt-4o-mini}
                        - {at: 1.0, action: block}
                    - name: shadowed
                      match: {feature: shadow}
                      limit_requests: 1
                      enforce: false
                    - name: clamped
                      match: {feature: clamp}
                      limit_usd: 0.0012
                      clamp_max_tokens: {min: 50}
                    - name: bounded
                      match: {feature: bound}
                      limit_usd: 0.01
                  rate_limits:
                    - name: per-customer-rpm
                      match: {feature: rpm}
                      per: customer
                      requests_per_minute: 3
                    - name: tokens
                      match: {feature: tpm}
                      tokens_per_minute: 1000
                """.formatted(fixtures.openAiBaseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
        LeakAssertions.assertNoLeaks();
    }

    static HttpResponse<String> chat(TestGateway gw, String model, Map<String, String> headers, String extra)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.openAiBaseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"Summarize the invoice\"}]" + extra + "}"));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> chat(String model, Map<String, String> headers, String extra)
            throws Exception {
        return chat(gateway, model, headers, extra);
    }

    @Test
    void ladderWarnsThenDowngradesThenBlocksWithRetryAfter() throws Exception {
        Map<String, String> h = Map.of("X-LLM-Feature", "ladder");
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> r = chat("gpt-5-mini", h, "");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-LLM-Budget-Warning")).as("request %d", i).isEmpty();
        }
        HttpResponse<String> sixth = chat("gpt-5-mini", h, "");
        assertThat(sixth.headers().firstValue("X-LLM-Budget-Warning")).hasValueSatisfying(
                w -> assertThat(w).contains("ladder").contains("50%"));
        assertThat(sixth.headers().firstValue("X-LLM-Model")).hasValue("gpt-5-mini");
        chat("gpt-5-mini", h, "");
        HttpResponse<String> eighth = chat("gpt-5-mini", h, "");
        assertThat(eighth.headers().firstValue("X-LLM-Model")).as("downgraded at 70%").hasValue("gpt-4o-mini");
        chat("gpt-5-mini", h, "");
        chat("gpt-5-mini", h, "");
        HttpResponse<String> blocked = chat("gpt-5-mini", h, "");
        assertThat(blocked.statusCode()).isEqualTo(429);
        JsonNode error = JSON.readTree(blocked.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(error.path("message").asText()).contains("ladder").contains("resets");
        long retryAfter = Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 86_401L);

        List<JsonNode> rows = rows("ladder", 11);
        assertThat(rows).hasSize(11);
        JsonNode downgraded = rows.stream().filter(r -> r.path("guardrails").asText().contains("downgrade:ladder"))
                .findFirst().orElseThrow();
        assertThat(downgraded.path("requested_model").asText()).isEqualTo("gpt-5-mini");
        assertThat(downgraded.path("routed_model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(rows.stream().filter(r -> r.path("outcome").asText().equals("guard_budget_exceeded"))).hasSize(1);
        fixtures.wireMock().verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini"))));
    }

    @Test
    void shadowBudgetRecordsWhatItWouldDoAndChangesNothing() throws Exception {
        Map<String, String> h = Map.of("X-LLM-Feature", "shadow");
        assertThat(chat("gpt-5-mini", h, "").statusCode()).isEqualTo(200);
        HttpResponse<String> second = chat("gpt-5-mini", h, "");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-LLM-Budget-Warning")).isEmpty();
        assertThat(rows("shadow", 2)).anySatisfy(r -> assertThat(r.path("guardrails").asText())
                .contains("shadow_block:shadowed"));
    }

    @Test
    void budgetThatCannotPayTheOutputCapClampsItInsteadOfRefusing() throws Exception {
        HttpResponse<String> r = chat("gpt-5-mini", Map.of("X-LLM-Feature", "clamp"),
                ",\"max_completion_tokens\":4000");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode sent = JSON.readTree(fixtures.wireMock().findAll(
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(matchingJsonPath("$.max_completion_tokens"))).get(0).getBodyAsString());
        long cap = sent.path("max_completion_tokens").asLong();
        assertThat(cap).as("lowered to what $0.0012 pays at $2/M output").isBetween(50L, 599L);
        assertThat(rows("clamp", 1).get(0).path("guardrails").asText()).contains("clamp:clamped");
    }

    /**
     * The cheap input bound (a token per prompt byte: 60,000 here) would not fit the budget's $0.01, while the
     * tokenizer's count (about 10,000 tokens: $0.0033 worst case) does: the budget decides on the count, so the
     * request goes through unchanged instead of being refused or clamped.
     */
    @Test
    void aBudgetDecisionTheInputBoundWouldSpoilIsMadeOnTheTokenizersCount() throws Exception {
        String prompt = "hello ".repeat(10_000);
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-LLM-Feature", "bound")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5-mini\",\"max_completion_tokens\":100,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}"))
                .build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Budget-Warning")).isEmpty();
        fixtures.wireMock().verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo("100"))));
        assertThat(rows("bound", 1).get(0).path("guardrails").asText()).isEmpty();
    }

    @Test
    void requestsPerMinuteIsPerCustomerWithRateLimitHeaders() throws Exception {
        Map<String, String> alice = new HashMap<>(Map.of("X-LLM-Feature", "rpm", "X-LLM-Customer", "alice"));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = chat("gpt-5-mini", alice, "");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(2 - i));
        }
        HttpResponse<String> refused = chat("gpt-5-mini", alice, "");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
        assertThat(JSON.readTree(refused.body()).path("error").path("code").asText()).isEqualTo("rate_limited");
        assertThat(chat("gpt-5-mini", Map.of("X-LLM-Feature", "rpm", "X-LLM-Customer", "bob"), "").statusCode())
                .as("another customer has its own minute").isEqualTo(200);
    }

    @Test
    void tokensPerMinuteCountsStreamedUsage() throws Exception {
        Map<String, String> h = Map.of("X-LLM-Feature", "tpm");
        HttpResponse<String> stream = chat("gpt-4o-mini", h, ",\"stream\":true");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).contains("[DONE]");
        HttpResponse<String> next = chat("gpt-4o-mini", h, "");
        assertThat(next.statusCode()).as("1249 streamed tokens exceed 1000 per minute").isEqualTo(429);
    }

    /** The ledger rows of a feature, once at least {@code n} are written (the ledger is asynchronous). */
    private static List<JsonNode> rows(String feature, int n) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> gateway.ledger().stream().filter(r -> r.path("feature").asText().equals(feature)).toList(),
                l -> l.size() >= n);
    }
}
