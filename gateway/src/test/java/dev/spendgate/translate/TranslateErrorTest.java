package dev.spendgate.translate;

import static dev.spendgate.translate.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.ErrorResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TranslateErrorTest {

    @Test
    void anthropicRateLimitBecomesOpenAiErrorKeepingTheMessage() {
        byte[] body = Fixtures.bytes("anthropic-error-429.json");
        JsonNode error = json(ErrorTranslator.anthropicToOpenAi(body, 429)).get("error");
        assertThat(error.get("message").asText()).startsWith("This request would exceed the rate limit");
        assertThat(error.get("type").asText()).isEqualTo("requests");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.has("param")).isTrue();
    }

    @Test
    void anthropicOverloadedBecomesServerError() {
        JsonNode error = json(ErrorTranslator.anthropicToOpenAi(Fixtures.bytes("anthropic-error-529-overloaded.json"),
                529)).get("error");
        assertThat(error.get("message").asText()).isEqualTo("Overloaded");
        assertThat(error.get("type").asText()).isEqualTo("server_error");
    }

    @Test
    void openAiErrorsBecomeAnthropicErrorsTypedByStatus() throws IOException {
        byte[] out = ErrorTranslator.openAiToAnthropic(Fixtures.bytes("openai-error-429.json"), 429);
        ErrorResponse parsed = com.anthropic.core.ObjectMappers.jsonMapper().readValue(out, ErrorResponse.class);
        parsed.validate();
        JsonNode root = json(out);
        assertThat(root.get("type").asText()).isEqualTo("error");
        assertThat(root.at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(root.at("/error/message").asText()).startsWith("Rate limit reached for gpt-4o");
        assertThat(json(ErrorTranslator.openAiToAnthropic(Fixtures.bytes("openai-error-context-length.json"), 400))
                .at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(ErrorTranslator.openAiToAnthropic(Fixtures.bytes("openai-error-500.json"), 500))
                .at("/error/type").asText()).isEqualTo("api_error");
    }

    @Test
    void nonJsonBodyKeepsStatusAndText() {
        byte[] html = "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
        JsonNode openAi = json(ErrorTranslator.anthropicToOpenAi(html, 502)).get("error");
        assertThat(openAi.get("message").asText()).contains("HTTP 502").contains("Bad Gateway");
        assertThat(openAi.get("type").asText()).isEqualTo("server_error");
        JsonNode anthropic = json(ErrorTranslator.openAiToAnthropic(html, 502)).get("error");
        assertThat(anthropic.get("type").asText()).isEqualTo("api_error");
    }
}
