package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-request caps: a long input is refused with 413 or routed to a larger model; output caps are lowered. */
class CapsIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FixtureProvider fixtures;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-5-mini", false, "openai-chat.json")
                .replay("/v1/chat/completions", "gpt-5", false, "openai-chat.json")
                .replay("/v1/messages", "claude-haiku-4-5-20251001", false, "anthropic-messages.json");
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                providers:
                  openai: {type: openai, base_url: %s, api_key: "${OPENAI_API_KEY}"}
                  anthropic: {type: anthropic, base_url: %s, api_key: "${ANTHROPIC_API_KEY}"}
                models:
                  gpt-5-mini: {provider: openai, price: {input: 0.25, output: 2}}
                  gpt-5: {provider: openai, price: {input: 1.25, output: 10}}
                  claude-haiku-4-5: {provider: anthropic, upstream_model: claude-haiku-4-5-20251001,
                                     price: {input: 1, output: 5}}
                guardrails:
                  caps:
                    - {name: free-input, match: {tier: free}, max_input_tokens: 50}
                    - {name: pro-route, match: {tier: pro, models: [gpt-5-mini]}, max_input_tokens: 50,
                       route_to: gpt-5}
                    - {name: output, match: {feature: capped}, max_output_tokens: 100}
                """.formatted(fixtures.openAiBaseUrl(), fixtures.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
        LeakAssertions.assertNoLeaks();
    }

    /** A chat request whose prompt is about 200 tokens, over the 50-token caps. */
    private static HttpResponse<String> longChat(Map<String, String> headers) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5-mini\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"" + "please summarize this paragraph ".repeat(40)
                        + "\"}]}"));
        headers.forEach(b::header);
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void inputOverTheCapIsRefusedWith413NamingTheCap() throws Exception {
        HttpResponse<String> r = longChat(Map.of("X-LLM-Tier", "free"));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).contains("free-input");
    }

    @Test
    void inputOverTheCapIsRoutedToTheLargerModel() throws Exception {
        HttpResponse<String> r = longChat(Map.of("X-LLM-Tier", "pro", "X-LLM-Feature", "routed"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Model")).hasValue("gpt-5");
        fixtures.wireMock().verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-5"))));
    }

    @Test
    void outputCapIsLoweredInTheFieldOfEachApi() throws Exception {
        GuardrailsIntegrationTest.chat(gateway, "gpt-5-mini", Map.of("X-LLM-Feature", "capped"),
                ",\"max_tokens\":5000");
        fixtures.wireMock().verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("100"))));
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gateway.anthropicBaseUrl() + "/v1/messages"))
                .header("X-LLM-Feature", "capped").header("anthropic-version", "2023-06-01")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-haiku-4-5\","
                        + "\"max_tokens\":4096,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        fixtures.wireMock().verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("100"))));
    }
}
