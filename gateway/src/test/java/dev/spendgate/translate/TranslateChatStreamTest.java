package dev.spendgate.translate;

import static dev.spendgate.translate.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import dev.spendgate.stream.SseEvent;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI upstream stream to an Anthropic client, checked event by event with the Anthropic SDK's own mapper. */
class TranslateChatStreamTest {

    private static List<SseEvent> translate(String fixture) {
        StreamTranslator translator = StreamTranslator.chatToMessages("alias");
        StringBuilder out = new StringBuilder();
        for (SseEvent event : Fixtures.fixtureEvents(fixture)) {
            translator.onEvent(event, out);
        }
        translator.finish(out);
        return Fixtures.events(out.toString());
    }

    private static Message accumulate(List<SseEvent> frames) throws IOException {
        MessageAccumulator accumulator = MessageAccumulator.create();
        for (SseEvent frame : frames) {
            RawMessageStreamEvent event = com.anthropic.core.ObjectMappers.jsonMapper()
                    .readValue(frame.data(), RawMessageStreamEvent.class);
            event.validate();
            assertThat(json(frame.data()).get("type").asText()).isEqualTo(frame.event());
            accumulator.accumulate(event);
        }
        return accumulator.message();
    }

    @Test
    void textStreamBecomesAnthropicEventsWithUsageInMessageDelta() throws IOException {
        List<SseEvent> frames = translate("openai-chat-stream.sse");
        assertThat(frames.get(0).event()).isEqualTo("message_start");
        assertThat(frames.get(frames.size() - 1).event()).isEqualTo("message_stop");
        Message message = accumulate(frames);
        assertThat(message.model().asString()).isEqualTo("alias");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).asText().text()).isNotEmpty();
        JsonUsage usage = JsonUsage.of(json(frames.get(frames.size() - 2).data()).get("usage"));
        assertThat(message.usage().outputTokens()).isEqualTo(usage.output());
        assertThat(message.usage().inputTokens()).isEqualTo(usage.input());
        assertThat(usage.output()).isPositive();
    }

    @Test
    void parallelToolCallsBecomeToolUseBlocks() throws IOException {
        Message message = accumulate(translate("openai-chat-stream-tools.sse"));
        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        assertThat(message.content()).hasSize(2);
        var first = message.content().get(0).asToolUse();
        var second = message.content().get(1).asToolUse();
        assertThat(first.id()).isEqualTo("call_8Xk2LpQ9vRt4MwZc1NyHs7Ja");
        assertThat(first.name()).isEqualTo("get_weather");
        assertThat(first._input().toString()).contains("Paris");
        assertThat(second._input().toString()).contains("Tokyo");
        assertThat(message.usage().inputTokens()).isEqualTo(88);
        assertThat(message.usage().outputTokens()).isEqualTo(46);
    }

    @Test
    void upstreamErrorBecomesAnthropicErrorEvent() {
        StreamTranslator translator = StreamTranslator.chatToMessages("alias");
        StringBuilder out = new StringBuilder();
        translator.onEvent(new SseEvent(null, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"), out);
        translator.finish(out);
        List<SseEvent> frames = Fixtures.events(out.toString());
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).event()).isEqualTo("error");
        assertThat(json(frames.get(0).data()).at("/error/message").asText()).isEqualTo("boom");
    }

    /** Input and output tokens of a translated message_delta usage. */
    private record JsonUsage(long input, long output) {
        static JsonUsage of(com.fasterxml.jackson.databind.JsonNode usage) {
            return new JsonUsage(usage.get("input_tokens").asLong(), usage.get("output_tokens").asLong());
        }
    }
}
