package dev.spendgate.translate;

import static dev.spendgate.translate.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.MessageCreateParams;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Translated request bodies parse and validate as the request bodies of the upstream's own SDK. */
class TranslateRequestSdkTest {

    private static final String RICH_CHAT = """
            {"model":"m","max_completion_tokens":50,"temperature":0.3,"stop":["END"],"user":"u","stream":true,
             "messages":[{"role":"system","content":"sys"},
              {"role":"user","content":[{"type":"text","text":"see"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},
              {"role":"assistant","content":"ok","tool_calls":[{"id":"c1","type":"function",
                "function":{"name":"f","arguments":"{\\"a\\":1}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"r"}],
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
             "tool_choice":{"type":"function","function":{"name":"f"}},"parallel_tool_calls":false}""";

    @Test
    void chatToMessagesBodyIsAValidAnthropicRequest() throws IOException {
        byte[] body = RequestTranslator.chatToMessages(json(RICH_CHAT), "claude-sonnet-4-5", 1024);
        MessageCreateParams.Body parsed = com.anthropic.core.ObjectMappers.jsonMapper()
                .readValue(body, MessageCreateParams.Body.class);
        parsed.validate();
        assertThat(parsed.maxTokens()).isEqualTo(50);
        assertThat(parsed.messages()).hasSize(3);
        assertThat(parsed.toolChoice()).hasValueSatisfying(c -> assertThat(c.isTool()).isTrue());
    }

    @Test
    void messagesToChatBodyIsAValidOpenAiRequest() throws IOException {
        byte[] anthropic = RequestTranslator.chatToMessages(json(RICH_CHAT), "claude-sonnet-4-5", 1024);
        byte[] body = RequestTranslator.messagesToChat(json(anthropic), "gpt-4o");
        ChatCompletionCreateParams.Body parsed = com.openai.core.ObjectMappers.jsonMapper()
                .readValue(body, ChatCompletionCreateParams.Body.class);
        parsed.validate();
        assertThat(parsed.messages()).hasSize(4);
        assertThat(parsed.parallelToolCalls()).hasValue(false);
        assertThat(parsed.streamOptions()).hasValueSatisfying(o -> assertThat(o.includeUsage()).hasValue(true));
    }
}
