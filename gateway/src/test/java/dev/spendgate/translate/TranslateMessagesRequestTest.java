package dev.spendgate.translate;

import static dev.spendgate.translate.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TranslateMessagesRequestTest {

    private static JsonNode translate(String request) {
        return json(RequestTranslator.messagesToChat(json(request), "gpt-4o"));
    }

    @Test
    void fixtureRequestBecomesChatWithSystemUsageAndCap() {
        JsonNode out = json(RequestTranslator.messagesToChat(
                json(Fixtures.bytes("anthropic-messages-request.json")), "gpt-4o"));
        assertThat(out.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(out.get("max_completion_tokens").asLong()).isEqualTo(1024);
        assertThat(out.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(out.at("/messages/0/content").asText()).startsWith("<long contract text");
        assertThat(out.at("/messages/1/content").asText()).isEqualTo("What is the termination notice period?");
        assertThat(out.get("stream").asBoolean()).isTrue();
        assertThat(out.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void toolsToolUseToolResultsImagesAndChoice() {
        JsonNode out = translate("""
                {"model":"m","max_tokens":10,"metadata":{"user_id":"u-9"},"stop_sequences":["X"],"temperature":0.2,
                 "tools":[{"name":"f","description":"d","input_schema":{"type":"object"}}],
                 "tool_choice":{"type":"tool","name":"f","disable_parallel_tool_use":true},
                 "messages":[
                  {"role":"user","content":[{"type":"text","text":"look"},
                    {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}},
                    {"type":"image","source":{"type":"url","url":"https://x.test/a.png"}}]},
                  {"role":"assistant","content":[{"type":"text","text":"calling"},
                    {"type":"tool_use","id":"toolu_1","name":"f","input":{"a":1}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"},
                    {"type":"text","text":"and now?"}]}]}""");
        assertThat(out.at("/messages/0/content/1/image_url/url").asText()).isEqualTo("data:image/png;base64,AAAA");
        assertThat(out.at("/messages/0/content/2/image_url/url").asText()).isEqualTo("https://x.test/a.png");
        assertThat(out.at("/messages/1/content").asText()).isEqualTo("calling");
        assertThat(out.at("/messages/1/tool_calls/0/function/arguments").asText()).isEqualTo("{\"a\":1}");
        assertThat(out.at("/messages/2/role").asText()).isEqualTo("tool");
        assertThat(out.at("/messages/2/tool_call_id").asText()).isEqualTo("toolu_1");
        assertThat(out.at("/messages/3/role").asText()).isEqualTo("user");
        assertThat(out.at("/tools/0/function/parameters/type").asText()).isEqualTo("object");
        assertThat(out.at("/tool_choice/function/name").asText()).isEqualTo("f");
        assertThat(out.get("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(out.get("user").asText()).isEqualTo("u-9");
        assertThat(out.at("/stop/0").asText()).isEqualTo("X");
        assertThat(out.has("stream_options")).isFalse();
    }

    @Test
    void roundTripThroughAnthropicKeepsTheConversation() {
        String chat = """
                {"model":"m","max_completion_tokens":50,"messages":[{"role":"system","content":"sys"},
                 {"role":"user","content":"hi"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                   "function":{"name":"f","arguments":"{\\"a\\":1}"}}]},
                 {"role":"tool","tool_call_id":"c1","content":"r"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
                 "tool_choice":"auto"}""";
        JsonNode anthropic = json(RequestTranslator.chatToMessages(json(chat), "claude", 1));
        JsonNode back = json(RequestTranslator.messagesToChat(anthropic, "m"));
        assertThat(back.get("messages")).isEqualTo(json("""
                [{"role":"system","content":"sys"},{"role":"user","content":"hi"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                   "function":{"name":"f","arguments":"{\\"a\\":1}"}}]},
                 {"role":"tool","tool_call_id":"c1","content":"r"}]"""));
        assertThat(back.get("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(back.get("tool_choice").asText()).isEqualTo("auto");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"top_k\":5 | top_k",
        "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024} | thinking",
        "\"container\":\"c\" | container",
        "\"mcp_servers\":[] | mcp_servers",
        "\"stop_sequences\":[\"a\",\"b\",\"c\",\"d\",\"e\"] | stop_sequences",
        "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}] | tools[0].type",
    })
    void refusesTopLevel(String field, String param) {
        assertThatThrownBy(() -> translate("{\"model\":\"m\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + field + "}"))
                .isInstanceOfSatisfying(UntranslatableException.class, e -> assertThat(e.param()).isEqualTo(param));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\"s\"}]}"
            + " | messages[0].content[0].type",
        "{\"role\":\"assistant\",\"content\":[{\"type\":\"redacted_thinking\",\"data\":\"d\"}]}"
            + " | messages[0].content[0].type",
        "{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"base64\","
            + "\"media_type\":\"application/pdf\",\"data\":\"x\"}}]} | messages[0].content[0].type",
        "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"is_error\":true,"
            + "\"content\":\"boom\"}]} | messages[0].content[0].is_error",
        "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":[{\"type\":"
            + "\"image\",\"source\":{}}]}]} | messages[0].content[0].content[0].type",
        "{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"f\"}}]}"
            + " | messages[0].content[0].source.type",
    })
    void refusesBlocks(String message, String param) {
        assertThatThrownBy(() -> translate("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[" + message + "]}"))
                .isInstanceOfSatisfying(UntranslatableException.class, e -> assertThat(e.param()).isEqualTo(param));
    }
}
