package dev.spendgate.translate;

import static dev.spendgate.translate.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.spendgate.stream.SseEvent;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic upstream stream to an OpenAI client, checked chunk by chunk with the OpenAI SDK's own mapper. */
class TranslateAnthropicStreamTest {

    private static String translate(String fixture, boolean includeUsage, boolean finish) {
        StreamTranslator translator = StreamTranslator.messagesToChat("alias", includeUsage);
        StringBuilder out = new StringBuilder();
        for (SseEvent event : Fixtures.fixtureEvents(fixture)) {
            translator.onEvent(event, out);
        }
        if (finish) {
            translator.finish(out);
        }
        return out.toString();
    }

    /** Every frame but [DONE] parses and validates as a chunk; returns the SDK's accumulated completion. */
    private static ChatCompletion accumulate(List<SseEvent> frames) throws IOException {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        for (SseEvent frame : frames) {
            if (frame.event() == null && !"[DONE]".equals(frame.data())) {
                ChatCompletionChunk chunk = com.openai.core.ObjectMappers.jsonMapper()
                        .readValue(frame.data(), ChatCompletionChunk.class);
                chunk.validate();
                accumulator.accumulate(chunk);
            }
        }
        return accumulator.chatCompletion();
    }

    @Test
    void textStreamBecomesChunksWithUsageChunkAndDone() throws IOException {
        String sse = translate("anthropic-messages-stream.sse", true, true);
        List<SseEvent> frames = Fixtures.events(sse);
        assertThat(sse).endsWith("data: [DONE]\n\n");
        JsonNode first = json(frames.get(0).data());
        assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        JsonNode usageChunk = json(frames.get(frames.size() - 2).data());
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/completion_tokens").asLong()).isEqualTo(57);
        ChatCompletion completion = accumulate(frames);
        assertThat(completion.model()).isEqualTo("alias");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.choices().get(0).message().content()).isNotEmpty();
        // finish() after message_stop adds nothing: [DONE] once
        assertThat(sse.indexOf("[DONE]")).isEqualTo(sse.lastIndexOf("[DONE]"));
    }

    @Test
    void thinkingDroppedAndToolCallStreamedWithArguments() throws IOException {
        String sse = translate("anthropic-messages-stream-thinking-tools.sse", true, false);
        assertThat(sse).doesNotContain("Paris, France.\"").doesNotContain("signature");
        List<SseEvent> frames = Fixtures.events(sse);
        ChatCompletion completion = accumulate(frames);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        var call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.id()).isEqualTo("toolu_01QmR7xT3cVb9NwK2pLz5HsY");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments()).get("location").asText()).isEqualTo("Paris, France");
        JsonNode usage = json(frames.get(frames.size() - 2).data()).get("usage");
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(472 + 2100);
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(89);
    }

    @Test
    void noUsageChunkUnlessAsked() {
        String sse = translate("anthropic-messages-stream.sse", false, true);
        assertThat(sse).doesNotContain("\"usage\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void upstreamErrorBecomesOpenAiErrorFrameWithoutDone() {
        String sse = translate("anthropic-messages-stream-error.sse", true, true);
        assertThat(sse).doesNotContain("[DONE]");
        List<SseEvent> frames = Fixtures.events(sse);
        JsonNode error = json(frames.get(frames.size() - 1).data()).get("error");
        assertThat(error.get("message").asText()).isEqualTo("Overloaded");
        assertThat(error.get("type").asText()).isEqualTo("server_error");
        assertThat(sse).contains("Here is a summary of the");
    }

    @Test
    void streamCutBeforeMessageStopIsClosedByFinish() {
        StreamTranslator translator = StreamTranslator.messagesToChat("alias", true);
        StringBuilder out = new StringBuilder();
        List<SseEvent> events = Fixtures.fixtureEvents("anthropic-messages-stream.sse");
        events.subList(0, events.size() - 1).forEach(e -> translator.onEvent(e, out));
        translator.finish(out);
        assertThat(out.toString()).endsWith("data: [DONE]\n\n").contains("\"finish_reason\":\"stop\"");
    }
}
