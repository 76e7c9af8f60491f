package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.PromText;
import dev.spendgate.testkit.TestGateway;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a clear error in the caller's API format, naming the problem and the fix, and the ledger records
 * the outcome. The provider here is unreachable on purpose: nothing in these tests should need it, except the
 * 502 test, which needs it to be down.
 */
class BadInputIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + closedPort;
        gateway = TestGateway.start(dead + "/v1", dead, "");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        LeakAssertions.assertNoLeaks();
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedJsonGets400InOpenAiFormat() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\": \"gpt-4o\", ", Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("not valid JSON").contains("line 1");
        assertThat(r.headers().firstValue("X-LLM-Request-Id")).isPresent();
    }

    @Test
    void malformedJsonGets400InAnthropicFormat() throws Exception {
        HttpResponse<String> r = post("/v1/messages", "[1,2", Map.of("anthropic-version", "2023-06-01"));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("not valid JSON");
    }

    @Test
    void compressedBodyGets415InTheApiFormatAndIsRecorded() throws Exception {
        HttpResponse<String> r = post("/v1/messages", "not json: gzip bytes", Map.of("Content-Encoding", "gzip",
                "anthropic-version", "2023-06-01", "X-LLM-Feature", "gzipped"));
        assertThat(r.statusCode()).isEqualTo(415);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("message").asText()).contains("Content-Encoding 'gzip'")
                .contains("uncompressed");
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "gzipped").path("outcome").asText())
                .isEqualTo("client_bad_request");
        HttpRequest second = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Content-Encoding", "identity").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThat(HTTP.send(second, HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("every Content-Encoding header counts, not only the first").isEqualTo(415);
    }

    @Test
    void bodyOverTheLimitGets413NamingTheSetting() throws Exception {
        String big = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000)
                + "\"}]}";
        HttpResponse<String> r = post("/v1/chat/completions", big, Map.of("X-LLM-Feature", "too-big"));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).path("error").path("message").asText())
                .contains("65536").contains("server.max_body_bytes");
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "too-big").path("outcome").asText())
                .isEqualTo("client_body_too_large");
    }

    @Test
    void unknownModelGets404NamingTheConfiguredModels() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"gpt-9-ultra\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("X-LLM-Feature", "wrong-model"));
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
        assertThat(error.path("message").asText()).contains("gpt-9-ultra").contains("gpt-4o-mini")
                .contains("claude-sonnet-4-5");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "wrong-model");
        assertThat(row.path("outcome").asText()).isEqualTo("unknown_model");
        assertThat(row.path("http_status").asInt()).isEqualTo(404);
        assertThat(row.path("requested_model").asText()).isEqualTo("gpt-9-ultra");
        assertThat(PromText.sum(gateway.scrape(), "llm_requests_total", Map.of("feature", "wrong-model",
                "model", "other"))).as("unknown models never become label values").isEqualByComparingTo("1");
    }

    @Test
    void unknownModelRaisesTheAnthropicSdkNotFoundError() {
        var client = AnthropicOkHttpClient.builder().baseUrl(gateway.anthropicBaseUrl()).apiKey("k").maxRetries(0)
                .build();
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("claude-9")
                .maxTokens(10).addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("claude-9");
    }

    @Test
    void tooLongAttributionHeaderGets400NamingTheHeader() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("X-LLM-Customer", "c".repeat(500)));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("X-LLM-Customer");
        assertThat(error.path("message").asText()).contains("X-LLM-Customer").contains("at most 128");
        assertThat(r.body()).doesNotContain("ccccc");
    }

    @Test
    void controlCharacterInAttributionHeaderRaisesTheOpenAiSdkBadRequest() {
        var client = OpenAIOkHttpClient.builder().baseUrl(gateway.openAiBaseUrl()).apiKey("k").maxRetries(0)
                .putHeader("X-LLM-Feature", "search\tbox").build();
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("hi").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("X-LLM-Feature").hasMessageContaining("control character");
    }

    @Test
    void unreachableProviderGets502InTheApiFormat() throws Exception {
        var client = OpenAIOkHttpClient.builder().baseUrl(gateway.openAiBaseUrl()).apiKey("k").maxRetries(0)
                .putHeader("X-LLM-Feature", "down").build();
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("hi").build()))
                .isInstanceOf(InternalServerException.class)
                .hasMessageContaining("could not reach provider 'openai'")
                .hasMessageContaining("providers.openai.base_url");
        HttpResponse<String> r = post("/v1/messages",
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":5,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Map.of("X-LLM-Feature", "down-anthropic"));
        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(r.body()).doesNotContain("sk-provider-key").doesNotContain("sk-ant-provider-key");
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "down").path("outcome").asText())
                .isEqualTo("upstream_connect_error");
    }

    @Test
    void unknownPathOutsideV1Gets404() throws Exception {
        HttpResponse<String> r = post("/chat/completions", "{}", Map.of());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).contains("/v1/");
    }
}
