package dev.spendgate.translate;

import static dev.spendgate.translate.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TranslateResponseTest {

    static ChatCompletion openAiParse(byte[] bytes) throws IOException {
        ChatCompletion completion = com.openai.core.ObjectMappers.jsonMapper().readValue(bytes, ChatCompletion.class);
        completion.validate();
        return completion;
    }

    static Message anthropicParse(byte[] bytes) throws IOException {
        Message message = com.anthropic.core.ObjectMappers.jsonMapper().readValue(bytes, Message.class);
        message.validate();
        return message;
    }

    @Test
    void anthropicFixtureParsesAsOpenAiCompletionWithCacheInclusivePromptTokens() throws IOException {
        byte[] out = ResponseTranslator.messagesToChat(Fixtures.bytes("anthropic-messages.json"), "my-alias");
        ChatCompletion completion = openAiParse(out);
        assertThat(completion.id()).isEqualTo("msg_01Hq7CwZ3kX9pVt2RmN8bYsL");
        assertThat(completion.model()).isEqualTo("my-alias");
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
                text -> assertThat(text).startsWith("Based on the contract"));
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        JsonNode usage = json(out).get("usage");
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(42 + 10240 + 1536);
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(10240);
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(318);
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(42 + 10240 + 1536 + 318);
    }

    @Test
    void anthropicToolUseAndThinkingBecomeToolCallsWithoutThinking() throws IOException {
        String message = """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[
                 {"type":"thinking","thinking":"hmm","signature":"sig"},
                 {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"Paris"}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":7}}""";
        byte[] out = ResponseTranslator.messagesToChat(message.getBytes(StandardCharsets.UTF_8), "alias");
        ChatCompletion completion = openAiParse(out);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).isEmpty();
        var call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.id()).isEqualTo("toolu_1");
        assertThat(json(call.function().arguments()).get("location").asText()).isEqualTo("Paris");
        assertThat(new String(out, StandardCharsets.UTF_8)).doesNotContain("hmm");
    }

    @Test
    void stopReasonsMapBothWays() {
        assertThat(StopReasons.toFinishReason("end_turn")).isEqualTo("stop");
        assertThat(StopReasons.toFinishReason("stop_sequence")).isEqualTo("stop");
        assertThat(StopReasons.toFinishReason("max_tokens")).isEqualTo("length");
        assertThat(StopReasons.toFinishReason("tool_use")).isEqualTo("tool_calls");
        assertThat(StopReasons.toStopReason("stop")).isEqualTo("end_turn");
        assertThat(StopReasons.toStopReason("length")).isEqualTo("max_tokens");
        assertThat(StopReasons.toStopReason("tool_calls")).isEqualTo("tool_use");
    }

    @Test
    void openAiFixtureParsesAsAnthropicMessageWithCacheExclusiveInputTokens() throws IOException {
        byte[] out = ResponseTranslator.chatToMessages(Fixtures.bytes("openai-chat.json"), "my-alias");
        Message message = anthropicParse(out);
        assertThat(message.id()).isEqualTo("chatcmpl-C3xQ7mZtV1pJr8Hk2LdN0aYfWsE4u");
        assertThat(message.model().asString()).isEqualTo("my-alias");
        assertThat(message.content().get(0).asText().text()).startsWith("The invoice total");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(2006 - 1920);
        assertThat(message.usage().cacheReadInputTokens()).hasValue(1920L);
        assertThat(message.usage().outputTokens()).isEqualTo(300);
    }

    @Test
    void openAiToolCallsBecomeToolUseBlocks() throws IOException {
        String completion = """
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
                 "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                 "function":{"name":"f","arguments":"{\\"a\\":1}"}}]},"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13}}""";
        Message message = anthropicParse(ResponseTranslator.chatToMessages(
                completion.getBytes(StandardCharsets.UTF_8), "alias"));
        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        var toolUse = message.content().get(0).asToolUse();
        assertThat(toolUse.id()).isEqualTo("call_1");
        assertThat(toolUse.name()).isEqualTo("f");
        assertThat(message.usage().inputTokens()).isEqualTo(10);
    }

    @Test
    void roundTripKeepsTextAndUsageTotals() throws IOException {
        byte[] chat = ResponseTranslator.messagesToChat(Fixtures.bytes("anthropic-messages.json"), "a");
        Message back = anthropicParse(ResponseTranslator.chatToMessages(chat, "a"));
        // cache writes are folded into prompt tokens on the OpenAI side, so they come back as plain input
        assertThat(back.usage().inputTokens()).isEqualTo(42 + 1536);
        assertThat(back.usage().cacheReadInputTokens()).hasValue(10240L);
        assertThat(back.content().get(0).asText().text()).startsWith("Based on the contract");
    }
}
