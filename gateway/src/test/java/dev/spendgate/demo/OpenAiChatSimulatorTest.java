package dev.spendgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenAiChatSimulatorTest {

    private static SimulatedProvider provider;
    private static SimClient client;

    @BeforeAll
    static void start() {
        provider = SimulatedProvider.start(SimulatorOptions.fast());
        client = new SimClient(provider.anthropicBaseUrl());
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    private static SimClient.Reply chat(ObjectNode body) {
        return client.post("/v1/chat/completions", body.toString(), SimClient.openAi());
    }

    @Test
    void nonStreamCompletionReportsUsageThatAddsUp() {
        SimClient.Reply reply = chat(SimRequests.chat("gpt-4o-mini", "Hello there, how are you?", false));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo("application/json");
        assertThat(reply.body()).as("OpenAI pretty-prints non-stream bodies").startsWith("{\n  \"id\": \"chatcmpl-");
        JsonNode json = reply.json();
        assertThat(json.path("object").asText()).isEqualTo("chat.completion");
        assertThat(json.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        JsonNode usage = json.path("usage");
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
        assertThat(usage.path("completion_tokens").asInt()).isBetween(1, 200);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt())
                .as("prompts under 1024 tokens are never cached").isZero();
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asInt()).isZero();
        assertThat(json.path("choices").path(0).path("message").path("content").asText()).isNotBlank();
    }

    @Test
    void reasoningModelReportsReasoningInsideCompletionTokens() {
        JsonNode usage = chat(SimRequests.chat("gpt-5-mini", "Explain caching.", false)).json().path("usage");

        int reasoning = usage.path("completion_tokens_details").path("reasoning_tokens").asInt();
        assertThat(reasoning).isPositive().isLessThan(usage.path("completion_tokens").asInt());
    }

    @Test
    void longPromptReportsCachedTokensInOpenAiSteps() {
        JsonNode usage = chat(SimRequests.chat("gpt-4o", SimRequests.text(3000), false)).json().path("usage");

        int prompt = usage.path("prompt_tokens").asInt();
        int cached = usage.path("prompt_tokens_details").path("cached_tokens").asInt();
        assertThat(prompt).isGreaterThan(3000);
        assertThat(cached).isBetween(1024, prompt);
        assertThat((cached - 1024) % 128).as("cache hits grow in 128-token steps").isZero();
    }

    @Test
    void sameRequestGivesSameUsageButFreshIds() {
        ObjectNode body = SimRequests.chat("gpt-4o", "Deterministic please", false);
        JsonNode first = chat(body).json();
        JsonNode second = chat(body).json();

        assertThat(second.path("usage")).isEqualTo(first.path("usage"));
        assertThat(second.path("id")).isNotEqualTo(first.path("id"));
    }

    @Test
    void maxTokensCapsOutputAndReportsLength() {
        ObjectNode body = SimRequests.chat("gpt-4o", "Write a long essay.", false).put("max_completion_tokens", 3);
        JsonNode json = chat(body).json();

        int completion = json.path("usage").path("completion_tokens").asInt();
        assertThat(completion).isBetween(1, 3);
        String finish = json.path("choices").path(0).path("finish_reason").asText();
        assertThat(finish).isEqualTo(completion == 3 ? "length" : "stop");
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageAnywhere() {
        SimClient.Reply reply = chat(SimRequests.chat("gpt-4.1-nano", "Capital of France?", true));

        assertThat(reply.headers().get("content-type")).startsWith("text/event-stream");
        List<SimClient.Sse> events = reply.events();
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        assertThat(reply.body()).doesNotContain("\"usage\"");
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(e -> assertThat(e.json().has("usage")).isFalse());
        JsonNode role = events.get(0).json().path("choices").path(0).path("delta");
        assertThat(role.path("role").asText()).isEqualTo("assistant");
        JsonNode finish = events.get(events.size() - 2).json().path("choices").path(0);
        assertThat(finish.path("finish_reason").asText()).isIn("stop", "length");
        assertThat(finish.path("delta").isEmpty()).isTrue();
    }

    @Test
    void streamWithIncludeUsageSendsExactlyOneUsageChunkBeforeDone() {
        ObjectNode body = SimRequests.chat("gpt-4o-mini", SimRequests.text(1500), true).put("n", 2);
        body.putObject("stream_options").put("include_usage", true);
        List<SimClient.Sse> events = chat(body).events();

        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(SimClient.Sse::json).toList();
        List<JsonNode> withUsage = chunks.stream().filter(c -> !c.path("usage").isNull()).toList();
        assertThat(withUsage).hasSize(1);
        assertThat(chunks.get(chunks.size() - 1)).isSameAs(withUsage.get(0));
        assertThat(chunks).allSatisfy(c -> assertThat(c.has("usage")).as("every chunk has a usage key").isTrue());
        JsonNode usage = withUsage.get(0).path("usage");
        assertThat(withUsage.get(0).path("choices").isEmpty()).isTrue();
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isGreaterThanOrEqualTo(1024);
        long contentChunks = chunks.stream()
                .filter(c -> c.path("choices").path(0).path("delta").path("content").asText("").length() > 0)
                .count();
        assertThat(contentChunks).as("one chunk per output token, over both choices")
                .isEqualTo(usage.path("completion_tokens").asLong());
        assertThat(chunks.stream().map(c -> c.path("choices").path(0).path("index").asInt(-1)).distinct())
                .contains(0, 1);
    }

    @Test
    void legacyCompletionsReportTextCompletionUsage() {
        ObjectNode body = SimJson.object().put("model", "gpt-3.5-turbo-instruct").put("prompt", "Say this is a test")
                .put("max_tokens", 40);
        SimClient.Reply reply = client.post("/v1/completions", body.toString(), SimClient.openAi());

        JsonNode json = reply.json();
        assertThat(json.path("object").asText()).isEqualTo("text_completion");
        JsonNode usage = json.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(5);
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
    }

    @Test
    void legacyCompletionsStreamUsageChunkOnlyWhenAsked() {
        ObjectNode body = SimJson.object().put("model", "gpt-3.5-turbo-instruct").put("prompt", "Say hi")
                .put("stream", true);
        String plain = client.post("/v1/completions", body.toString(), SimClient.openAi()).body();
        body.putObject("stream_options").put("include_usage", true);
        List<SimClient.Sse> events = client.post("/v1/completions", body.toString(), SimClient.openAi()).events();

        assertThat(plain).doesNotContain("\"usage\"").endsWith("data: [DONE]\n\n");
        JsonNode usageChunk = events.get(events.size() - 2).json();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isBetween(1, 16);
        assertThat(events.stream().filter(e -> e.data().contains("\"usage\":{"))).hasSize(1);
    }
}
