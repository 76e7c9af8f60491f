package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an adversarial review of the guardrails found: absurd output caps, many choices, unmetered endpoints,
 * routing around a model's budget, uncapped requests, and a gateway key sent twice.
 */
class GuardrailsAbuseIntegrationTest {

    private static final String KEY_SHA256 = "b234c8f02425af5c5baeeef69de0366f8d6a8b9f7fd2072324dfa94a7599ddd1";
    private static FixtureProvider fixtures;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-5-mini", false, "openai-chat.json")
                .replay("/v1/chat/completions", "gpt-5", false, "openai-chat.json");
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                providers:
                  openai: {type: openai, base_url: %s, api_key: passthrough}
                models:
                  gpt-5-mini: {provider: openai, price: {input: 0.25, output: 2}}
                  gpt-5: {provider: openai, price: {input: 1.25, output: 10}}
                guardrails:
                  default_output_cap: 500
                  budgets:
                    - {name: tokens, match: {feature: tokens}, limit_tokens: 5000}
                    - {name: choices, match: {feature: choices}, limit_usd: 0.01}
                    - {name: mini-only, match: {models: [gpt-5-mini], feature: routed}, limit_requests: 1}
                    - {name: uncapped, match: {feature: uncapped}, limit_usd: 1}
                  caps:
                    - {name: route, match: {feature: routed}, max_input_tokens: 5, route_to: gpt-5}
                  keys:
                    - {name: svc, sha256: %s}
                """.formatted(fixtures.openAiBaseUrl(), KEY_SHA256));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
        LeakAssertions.assertNoLeaks();
    }

    private static HttpResponse<String> chat(String feature, String extra) throws Exception {
        return GuardrailsIntegrationTest.chat(gateway, "gpt-5-mini",
                Map.of("X-LLM-Feature", feature, "Authorization", "Bearer sk-gw-test"), extra);
    }

    @Test
    void absurdOrNegativeOutputCapsAreRefused() throws Exception {
        assertThat(chat("tokens", ",\"max_tokens\":9223372036854775807").statusCode()).isEqualTo(400);
        assertThat(chat("tokens", ",\"max_tokens\":-100000000").statusCode()).isEqualTo(400);
        assertThat(chat("tokens", ",\"max_tokens\":18446744073709551666").statusCode()).isEqualTo(400);
        assertThat(chat("tokens", ",\"n\":0").statusCode()).isEqualTo(400);
    }

    @Test
    void manyChoicesReserveTheirOutputTimesN() throws Exception {
        assertThat(chat("choices", ",\"max_tokens\":100,\"n\":100").statusCode())
                .as("100 x 100 tokens at $2/M = $0.02 > $0.01").isEqualTo(429);
        assertThat(chat("choices", ",\"max_tokens\":100,\"n\":10").statusCode()).isEqualTo(200);
    }

    @Test
    void unmeteredPostEndpointsAreRefusedWhileGuardrailsAreOn() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(gateway.openAiBaseUrl() + "/images/generations"))
                .header("Authorization", "Bearer sk-gw-test")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"dall-e-3\",\"n\":10}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("unmetered_endpoint");
    }

    @Test
    void routingToALargerModelDoesNotEscapeTheRequestedModelsBudget() throws Exception {
        String longPrompt = ",\"user\":\"" + "long prompt words ".repeat(20) + "\"";
        assertThat(chat("routed", longPrompt).statusCode()).isEqualTo(200);
        assertThat(chat("routed", longPrompt).statusCode()).as("mini-only counted the routed request")
                .isEqualTo(429);
    }

    @Test
    void uncappedRequestIsSentWithTheReservedCap() throws Exception {
        assertThat(chat("uncapped", "").statusCode()).isEqualTo(200);
        fixtures.wireMock().verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo("500"))));
    }

    @Test
    void gatewayKeySentInTwoHeadersReachesThePassthroughProviderInNeither() throws Exception {
        HttpResponse<String> r = GuardrailsIntegrationTest.chat(gateway, "gpt-5-mini", Map.of("X-LLM-Feature",
                "twice", "Authorization", "Bearer sk-gw-test", "x-api-key", "sk-gw-test"), "");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(fixtures.wireMock().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("x-api-key", equalTo("sk-gw-test")))).as("the key never reaches the provider").isEmpty();
        assertThat(fixtures.wireMock().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-gw-test")))).isEmpty();
    }
}
