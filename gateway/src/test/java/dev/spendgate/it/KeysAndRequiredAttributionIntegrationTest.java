package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gateway keys: without a valid one a request gets 401; a key's attribution can be repeated but not changed by
 * headers; its model list is enforced; the key itself never reaches the provider. Required attribution: 400.
 */
class KeysAndRequiredAttributionIntegrationTest {

    /** printf %s sk-gw-test | sha256sum. */
    private static final String KEY = "sk-gw-test";
    private static final String KEY_SHA256 = "b234c8f02425af5c5baeeef69de0366f8d6a8b9f7fd2072324dfa94a7599ddd1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FixtureProvider fixtures;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-5-mini", false, "openai-chat.json");
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                providers:
                  openai: {type: openai, base_url: %s, api_key: "${OPENAI_API_KEY}"}
                  anthropic: {type: anthropic, base_url: %s, api_key: "${ANTHROPIC_API_KEY}"}
                models:
                  gpt-5-mini: {provider: openai, price: {input: 0.25, cached_input: 0.025, output: 2}}
                  gpt-5: {provider: openai, price: {input: 1.25, output: 10}}
                  claude-haiku-4-5: {provider: anthropic, price: {input: 1, output: 5}}
                guardrails:
                  require: [feature]
                  keys:
                    - name: search-service
                      sha256: %s
                      attribution: {team: search}
                      models: [gpt-5-mini]
                """.formatted(fixtures.openAiBaseUrl(), fixtures.baseUrl(), KEY_SHA256));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
        LeakAssertions.assertNoLeaks();
    }

    private static HttpResponse<String> chat(Map<String, String> headers, String model) throws Exception {
        return GuardrailsIntegrationTest.chat(gateway, model, headers, "");
    }

    @Test
    void requestWithoutKeyGets401NamingTheHeaders() throws Exception {
        HttpResponse<String> r = chat(Map.of("X-LLM-Feature", "search"), "gpt-5-mini");
        assertThat(r.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("missing_gateway_key");
        assertThat(error.path("message").asText()).contains("Authorization");
    }

    @Test
    void invalidKeyRaisesTheAnthropicSdkUnauthorizedWithoutEchoingIt() {
        var client = AnthropicOkHttpClient.builder().baseUrl(gateway.anthropicBaseUrl()).apiKey("sk-wrong-123")
                .maxRetries(0).putHeader("X-LLM-Feature", "search").build();
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("claude-haiku-4-5")
                .maxTokens(10).addUserMessage("hi").build()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageNotContaining("sk-wrong-123");
    }

    @Test
    void validKeyIsServedWithItsAttributionAndNeverForwarded() throws Exception {
        HttpResponse<String> r = chat(Map.of("Authorization", "Bearer " + KEY, "X-LLM-Feature", "search",
                "X-LLM-Team", "search"), "gpt-5-mini");
        assertThat(r.statusCode()).isEqualTo(200);
        fixtures.wireMock().verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-provider-key")));
        String requestId = r.headers().firstValue("X-LLM-Request-Id").orElseThrow();
        JsonNode row = gateway.awaitLedger(requestId);
        assertThat(row.path("key").asText()).isEqualTo("search-service");
        assertThat(row.path("team").asText()).as("from the key").isEqualTo("search");
    }

    @Test
    void headerMayNotWidenTheKeysAttribution() throws Exception {
        HttpResponse<String> r = chat(Map.of("Authorization", "Bearer " + KEY, "X-LLM-Feature", "search",
                "X-LLM-Team", "growth"), "gpt-5-mini");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("attribution_conflict");
    }

    @Test
    void modelOutsideTheKeysListRaisesTheOpenAiSdkPermissionDenied() {
        var client = OpenAIOkHttpClient.builder().baseUrl(gateway.openAiBaseUrl()).apiKey(KEY).maxRetries(0)
                .putHeader("X-LLM-Feature", "search").build();
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-5").addUserMessage("hi").build()))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("gpt-5-mini");
    }

    @Test
    void missingRequiredFeatureGets400NamingTheHeader() throws Exception {
        HttpResponse<String> r = chat(Map.of("Authorization", "Bearer " + KEY), "gpt-5-mini");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("missing_attribution");
        assertThat(error.path("message").asText()).contains("X-LLM-Feature");
    }
}
