package dev.spendgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatorFaultsTest {

    private static SimulatedProvider provider;
    private static SimClient client;

    @BeforeAll
    static void start() {
        provider = SimulatedProvider.start(SimulatorOptions.fast().withApiKey("test-key"));
        client = new SimClient(provider.anthropicBaseUrl());
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    private static String chat(boolean stream) {
        ObjectNode body = SimRequests.chat("gpt-4o-mini", SimRequests.text(200), stream);
        body.putObject("stream_options").put("include_usage", true);
        return body.toString();
    }

    private static String messages(boolean stream) {
        return SimRequests.messages("claude-sonnet-4-5", SimRequests.text(200), false, stream).toString();
    }

    @Test
    void missingOrWrongKeyIsUnauthorizedInEachFormat() {
        Map<String, String> noKey = SimClient.openAi();
        noKey.remove("authorization");
        SimClient.Reply openAiMissing = client.post("/v1/chat/completions", chat(false), noKey);
        SimClient.Reply openAiWrong = client.post("/v1/chat/completions", chat(false),
                SimClient.with(SimClient.openAi(), "authorization", "Bearer sk-wrong"));
        SimClient.Reply anthropicWrong = client.post("/v1/messages", messages(false),
                SimClient.with(SimClient.anthropic(), "x-api-key", "sk-wrong"));

        assertThat(openAiMissing.status()).isEqualTo(401);
        assertThat(openAiMissing.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(openAiWrong.status()).isEqualTo(401);
        assertThat(openAiWrong.json().path("error").path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(anthropicWrong.status()).isEqualTo(401);
        assertThat(anthropicWrong.json().path("type").asText()).isEqualTo("error");
        assertThat(anthropicWrong.json().path("error").path("type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void malformedJsonIsBadRequestInEachFormat() {
        SimClient.Reply openAi = client.post("/v1/chat/completions", "{\"model\": ", SimClient.openAi());
        SimClient.Reply anthropic = client.post("/v1/messages", "not json", SimClient.anthropic());

        assertThat(openAi.status()).isEqualTo(400);
        assertThat(openAi.json().path("error").path("message").asText()).contains("could not parse the JSON");
        assertThat(anthropic.status()).isEqualTo(400);
        assertThat(anthropic.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void statusFaultsAnswerInTheProvidersFormats() {
        SimClient.Reply openAi500 = client.post("/v1/chat/completions", chat(false),
                SimClient.with(SimClient.openAi(), "x-sim-fault", "500"));
        SimClient.Reply openAi429 = client.post("/v1/embeddings", "{}",
                SimClient.with(SimClient.openAi(), "x-sim-fault", "429"));
        SimClient.Reply anthropic429 = client.post("/v1/messages", messages(true),
                SimClient.with(SimClient.anthropic(), "x-sim-fault", "429"));
        SimClient.Reply anthropic529 = client.post("/v1/messages", messages(false),
                SimClient.with(SimClient.anthropic(), "x-sim-fault", "529"));

        assertThat(openAi500.status()).isEqualTo(500);
        assertThat(openAi500.json().path("error").path("type").asText()).isEqualTo("server_error");
        assertThat(openAi429.status()).isEqualTo(429);
        assertThat(openAi429.headers().get("retry-after")).isEqualTo("4");
        assertThat(openAi429.json().path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(anthropic429.status()).isEqualTo(429);
        assertThat(anthropic429.headers().get("retry-after")).isEqualTo("6");
        assertThat(anthropic429.json().path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(anthropic529.status()).isEqualTo(529);
        assertThat(anthropic529.json().path("error").path("type").asText()).isEqualTo("overloaded_error");
    }

    @Test
    void cutChatStreamStopsWithoutUsageOrDoneAndClosesTheConnection() {
        SimClient.Reply reply = client.post("/v1/chat/completions", chat(true),
                SimClient.with(SimClient.openAi(), "x-sim-fault", "cut"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.error()).as("premature close").isNotNull();
        assertThat(reply.events()).isNotEmpty();
        assertThat(reply.body()).contains("\"role\":\"assistant\"").doesNotContain("[DONE]")
                .doesNotContain("\"usage\":{");
    }

    @Test
    void cutAnthropicStreamHasNoMessageDeltaOrStop() {
        SimClient.Reply reply = client.post("/v1/messages", messages(true),
                SimClient.with(SimClient.anthropic(), "x-sim-fault", "cut"));

        assertThat(reply.error()).isNotNull();
        assertThat(reply.events().get(0).event()).isEqualTo("message_start");
        assertThat(reply.body()).doesNotContain("message_delta").doesNotContain("message_stop");
    }

    @Test
    void cutNonStreamBodyEndsBeforeItsContentLength() {
        SimClient.Reply reply = client.post("/v1/chat/completions", chat(false),
                SimClient.with(SimClient.openAi(), "x-sim-fault", "cut"));

        assertThat(reply.error()).isNotNull();
        assertThat(reply.body().length()).isLessThan(Integer.parseInt(reply.headers().get("content-length")));
    }

    @Test
    void slowFaultDelaysTheFirstTokenBeyondOneSecond() {
        assertThatThrownBy(() -> client.post("/v1/chat/completions", chat(false),
                SimClient.with(SimClient.openAi(), "x-sim-fault", "slow"), Duration.ofSeconds(1)))
                .hasMessageContaining("Timeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/chat/completions", "/v1/messages"})
    void unknownFaultValueIsRejected(String path) {
        Map<String, String> headers = path.equals("/v1/messages") ? SimClient.anthropic() : SimClient.openAi();
        SimClient.Reply reply = client.post(path, "{}", SimClient.with(headers, "x-sim-fault", "explode"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("x-sim-fault");
    }

    @Test
    void faultRateHeaderFailsAboutThatShareOfRequests() {
        int failed = 0;
        int limited = 0;
        for (int i = 0; i < 200; i++) {
            int status = client.post("/v1/chat/completions", chat(false),
                    SimClient.with(SimClient.openAi(), "x-sim-fault-rate", "500=0.3,429=0.2")).status();
            failed += status == 500 ? 1 : 0;
            limited += status == 429 ? 1 : 0;
            assertThat(status).isIn(200, 429, 500);
        }
        assertThat(failed).isBetween(30, 90);
        assertThat(limited).isBetween(15, 70);
        assertThat(client.post("/v1/chat/completions", chat(false),
                SimClient.with(SimClient.openAi(), "x-sim-fault-rate", "500=0")).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "500=1.5", "boom=0.1", "500=0.6,429=0.6"})
    void malformedFaultRateIsRejected(String rates) {
        SimClient.Reply reply = client.post("/v1/chat/completions", chat(false),
                SimClient.with(SimClient.openAi(), "x-sim-fault-rate", rates));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("x-sim-fault-rate");
    }

    @Test
    void unknownPathIsNotFoundAndCounted() {
        long before = provider.requestCount("other");
        SimClient.Reply reply = client.post("/v1/nope", "{}", SimClient.openAi());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("error").path("message").asText()).isEqualTo("Invalid URL (POST /v1/nope)");
        assertThat(provider.requestCount("other")).isEqualTo(before + 1);
    }

    @Test
    void modelListingFollowsTheCallersFormat() {
        JsonNode openAi = client.get("/v1/models", SimClient.openAi()).json();
        JsonNode anthropic = client.get("/v1/models", SimClient.anthropic()).json();

        assertThat(openAi.path("object").asText()).isEqualTo("list");
        assertThat(openAi.path("data").findValuesAsText("id")).contains("gpt-4o", "text-embedding-3-small");
        assertThat(anthropic.path("has_more").asBoolean(true)).isFalse();
        assertThat(anthropic.path("data").findValuesAsText("id")).contains("claude-sonnet-4-5-20250929");
        assertThat(anthropic.path("data").path(0).path("display_name").asText()).isEqualTo("Claude Sonnet 4.5");
    }
}
