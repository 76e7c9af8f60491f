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
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import dev.spendgate.testkit.WireFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing by attribution (a rule replaces the model for free-tier summaries only), weighted deployments over two
 * providers, and budgets re-checked when routing changes the model: an error fallback the budgets cannot afford is
 * not sent, and a guardrail downgrade whose target is over its own budget is refused instead of served.
 */
class RoutingBudgetsIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static WireMockServer w1;
    private static WireMockServer w2;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        w1 = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        w2 = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        w1.start();
        w2.start();
        for (WireMockServer w : List.of(w1, w2)) {
            w.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(ok()));
        }
        w1.stubFor(chatFor("up-fail").willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody(WireFixtures.bytes("openai-error-500.json"))));
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                routing:
                  retry: {initial_backoff: 10ms, max_backoff: 20ms}
                  rules:
                    - name: free-summarize
                      match: {feature: summarize, tier: free}
                      route_to: gpt-4o-mini
                providers:
                  w1: {type: openai, base_url: "%1$s/v1", api_key: "${OPENAI_API_KEY}"}
                  w2: {type: openai, base_url: "%2$s/v1", api_key: "${OPENAI_API_KEY}"}
                models:
                  gpt-4o: {provider: w1, price: {input: 2.5, cached_input: 1.25, output: 10}}
                  gpt-4o-mini: {provider: w1, price: {input: 0.15, cached_input: 0.075, output: 0.6}}
                  weighted:
                    provider: w1
                    upstream_model: up-weighted
                    price: {input: 1, output: 1}
                    deployments:
                      - {provider: w1, weight: 3}
                      - {provider: w2, weight: 1}
                  cheap-fails:
                    provider: w1
                    upstream_model: up-fail
                    price: {input: 1, output: 1}
                    fallbacks: [pricey]
                  pricey: {provider: w2, upstream_model: up-pricey, price: {input: 1000, output: 1000}}
                guardrails:
                  budgets:
                    - name: tiny
                      match: {feature: fallback-budget}
                      limit_usd: 0.01
                    - name: ladder
                      match: {feature: dg}
                      limit_requests: 4
                      actions:
                        - {at: 0.25, action: downgrade, to: gpt-4o-mini}
                        - {at: 1.0, action: block}
                    - name: mini-cap
                      match: {feature: dg, models: [gpt-4o-mini]}
                      limit_requests: 1
                """.formatted(w1.baseUrl(), w2.baseUrl()));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(WireFixtures.bytes("openai-chat.json"));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder chatFor(String upstream) {
        return post(urlEqualTo("/v1/chat/completions")).withRequestBody(matchingJsonPath("$.model", equalTo(upstream)));
    }

    private static int calls(WireMockServer w, String upstream) {
        return w.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(upstream)))).size();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        w1.stop();
        w2.stop();
        LeakAssertions.assertNoLeaks();
    }

    private static HttpResponse<String> chat(String model, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"max_tokens\":100,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Summarize the invoice\"}]}"));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ruleRoutesFreeTierSummariesToTheSmallModelOnly() throws Exception {
        HttpResponse<String> free = chat("gpt-4o", Map.of("X-LLM-Feature", "summarize", "X-LLM-Tier", "free"));
        assertThat(free.statusCode()).isEqualTo(200);
        assertThat(free.headers().firstValue("X-LLM-Model")).hasValue("gpt-4o-mini");
        JsonNode row = RetryAndFallbackIntegrationTest.rows(gateway, "summarize", 1).get(0);
        assertThat(row.path("requested_model").asText()).isEqualTo("gpt-4o");
        assertThat(row.path("routed_model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(row.path("route_rule").asText()).isEqualTo("free-summarize");
        assertThat(w1.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("X-LLM-Tier", equalTo("free")))).as("attribution not forwarded").isEmpty();

        HttpResponse<String> pro = chat("gpt-4o", Map.of("X-LLM-Feature", "summarize-pro", "X-LLM-Tier", "pro"));
        assertThat(pro.headers().firstValue("X-LLM-Model")).hasValue("gpt-4o");
        HttpResponse<String> proSummary = chat("gpt-4o", Map.of("X-LLM-Feature", "summarize", "X-LLM-Tier", "pro"));
        assertThat(proSummary.headers().firstValue("X-LLM-Model")).as("pro tier: no rule").hasValue("gpt-4o");
        JsonNode proRow = gateway.awaitLedger(proSummary.headers().firstValue("X-LLM-Request-Id").orElseThrow());
        assertThat(proRow.path("routed_model").asText()).isEqualTo("gpt-4o");
        assertThat(proRow.path("route_rule").isNull() || proRow.path("route_rule").isMissingNode()).isTrue();
    }

    @Test
    void weightedDeploymentsSplitThreeToOne() throws Exception {
        int n = 400;
        int onW1 = 0;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = chat("weighted", Map.of("X-LLM-Feature", "weighted"));
            assertThat(r.statusCode()).isEqualTo(200);
            String provider = r.headers().firstValue("X-LLM-Provider").orElseThrow();
            assertThat(provider).isIn("w1", "w2");
            onW1 += provider.equals("w1") ? 1 : 0;
        }
        assertThat(calls(w1, "up-weighted") + calls(w2, "up-weighted")).isEqualTo(n);
        assertThat(calls(w1, "up-weighted")).isEqualTo(onW1);
        double share = onW1 / (double) n;
        double sd = Math.sqrt(0.75 * 0.25 / n);
        assertThat(Math.abs(share - 0.75)).as("w1 share %s", share).isLessThan(4 * sd);
    }

    @Test
    void errorFallbackTheBudgetCannotAffordIsNotSent() throws Exception {
        HttpResponse<String> r = chat("cheap-fails", Map.of("X-LLM-Feature", "fallback-budget"));

        assertThat(r.statusCode()).as("the primary's own error").isEqualTo(500);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(WireFixtures.bytes("openai-error-500.json")));
        assertThat(r.headers().firstValue("X-LLM-Fallback")).isEmpty();
        assertThat(calls(w2, "up-pricey")).as("the fallback's provider is never called").isZero();
        assertThat(calls(w1, "up-fail")).isBetween(1, 2);
        List<JsonNode> rows = gateway.awaitLedgerSize(1).stream()
                .filter(row -> "fallback-budget".equals(row.path("feature").asText())).toList();
        JsonNode last = rows.stream().filter(row -> "failure".equals(row.path("attempt_outcome").asText()))
                .findFirst().orElseThrow();
        assertThat(last.path("guardrails").asText()).contains("fallback_blocked:pricey");
        assertThat(last.path("routed_model").asText()).isEqualTo("cheap-fails");
    }

    @Test
    void downgradeWhoseTargetIsOverItsOwnBudgetIsRefused() throws Exception {
        Map<String, String> h = Map.of("X-LLM-Feature", "dg");
        int bigBefore = calls(w1, "gpt-4o");
        int miniBefore = calls(w1, "gpt-4o-mini");

        HttpResponse<String> first = chat("gpt-4o", h);
        assertThat(first.headers().firstValue("X-LLM-Model")).hasValue("gpt-4o");
        HttpResponse<String> second = chat("gpt-4o", h);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-LLM-Model")).as("downgraded at 25%").hasValue("gpt-4o-mini");
        HttpResponse<String> third = chat("gpt-4o", h);

        assertThat(third.statusCode()).as("downgrade target over its budget: refused, not served").isEqualTo(429);
        JsonNode error = JSON.readTree(third.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(error.path("message").asText()).contains("mini-cap");
        assertThat(calls(w1, "gpt-4o") - bigBefore).isEqualTo(1);
        assertThat(calls(w1, "gpt-4o-mini") - miniBefore).isEqualTo(1);
        JsonNode refused = gateway.awaitLedger(third.headers().firstValue("X-LLM-Request-Id").orElseThrow());
        assertThat(refused.path("http_status").asInt()).isEqualTo(429);
        assertThat(refused.path("guardrails").asText()).contains("mini-cap");
    }
}
