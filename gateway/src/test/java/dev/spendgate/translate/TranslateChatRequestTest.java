package dev.spendgate.translate;

import static dev.spendgate.translate.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TranslateChatRequestTest {

    private static JsonNode translate(String chat) {
        return json(RequestTranslator.chatToMessages(json(chat), "claude-sonnet-4-5", 4096));
    }

    @Test
    void fixtureRequestBecomesMessagesWithSystemAndCap() {
        JsonNode out = json(RequestTranslator.chatToMessages(
                json(Fixtures.bytes("openai-chat-request.json")), "claude-sonnet-4-5", 4096));
        assertThat(out.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(out.get("max_tokens").asLong()).isEqualTo(256);
        assertThat(out.at("/system/0/text").asText()).isEqualTo("You are a helpful assistant.");
        assertThat(out.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(out.at("/messages/0/content").asText()).isEqualTo("Hello!");
        assertThat(out.get("stream").asBoolean()).isTrue();
        assertThat(out.has("stream_options")).isFalse();
        assertThat(out.has("n")).isFalse();
    }

    @Test
    void defaultMaxTokensWhenNoCapAndParamsCarried() {
        JsonNode out = translate("""
                {"model":"m","messages":[{"role":"developer","content":[{"type":"text","text":"a"}]},
                {"role":"user","content":"hi"}],"temperature":0.5,"top_p":0.9,"stop":"END","user":"u-1",
                "seed":7,"store":false,"service_tier":"auto","max_tokens":99}""");
        assertThat(out.get("max_tokens").asLong()).isEqualTo(99);
        assertThat(out.get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(out.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(out.at("/stop_sequences/0").asText()).isEqualTo("END");
        assertThat(out.at("/metadata/user_id").asText()).isEqualTo("u-1");
        assertThat(out.has("seed")).isFalse();
        assertThat(translate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .get("max_tokens").asLong()).isEqualTo(4096);
    }

    @Test
    void imagesToolsToolCallsAndMergedToolResults() {
        JsonNode out = translate("""
                {"model":"m","messages":[
                 {"role":"user","content":[{"type":"text","text":"see"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},
                   {"type":"image_url","image_url":{"url":"https://x.test/a.jpg"}}]},
                 {"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_1","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"}},
                   {"id":"call_2","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"one"},
                 {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"two"}]}],
                 "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"}}}],
                 "tool_choice":"required","parallel_tool_calls":false}""");
        JsonNode user = out.at("/messages/0/content");
        assertThat(user.at("/1/source/type").asText()).isEqualTo("base64");
        assertThat(user.at("/1/source/media_type").asText()).isEqualTo("image/png");
        assertThat(user.at("/1/source/data").asText()).isEqualTo("AAAA");
        assertThat(user.at("/2/source/url").asText()).isEqualTo("https://x.test/a.jpg");
        JsonNode assistant = out.at("/messages/1/content");
        assertThat(assistant.at("/0/type").asText()).isEqualTo("tool_use");
        assertThat(assistant.at("/0/input/a").asInt()).isEqualTo(1);
        assertThat(out.get("messages")).hasSize(3);
        assertThat(out.at("/messages/2/content/1/tool_use_id").asText()).isEqualTo("call_2");
        assertThat(out.at("/messages/2/content/1/content").asText()).isEqualTo("two");
        assertThat(out.at("/tools/0/input_schema/type").asText()).isEqualTo("object");
        assertThat(out.at("/tool_choice/type").asText()).isEqualTo("any");
        assertThat(out.at("/tool_choice/disable_parallel_tool_use").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"n\":2 | n",
        "\"logprobs\":true | logprobs",
        "\"top_logprobs\":2 | top_logprobs",
        "\"temperature\":1.5 | temperature",
        "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}} | response_format.type",
        "\"response_format\":{\"type\":\"json_object\"} | response_format.type",
        "\"modalities\":[\"text\",\"audio\"] | modalities",
        "\"audio\":{\"voice\":\"x\"} | audio",
        "\"logit_bias\":{\"1\":5} | logit_bias",
        "\"frequency_penalty\":0.5 | frequency_penalty",
        "\"functions\":[] | functions",
        "\"some_new_field\":1 | some_new_field",
        "\"tools\":[{\"type\":\"custom\",\"custom\":{}}] | tools[0].type",
        "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"strict\":true}}] | tools[0].function.strict",
    })
    void refusesTopLevel(String field, String param) {
        assertThatThrownBy(() -> translate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + field + "}"))
                .isInstanceOfSatisfying(UntranslatableException.class, e -> {
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]} | messages[0].content[0].type",
        "{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{}}]} | messages[0].content[0].type",
        "{\"role\":\"user\",\"name\":\"bob\",\"content\":\"x\"} | messages[0].name",
        "{\"role\":\"function\",\"content\":\"x\"} | messages[0].role",
        "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\","
            + "\"arguments\":\"not json\"}}]} | messages[0].tool_calls[0].function.arguments",
        "{\"role\":\"assistant\",\"content\":\"\"} | messages[0].content",
        "{\"role\":\"assistant\",\"content\":\"x\",\"audio\":{\"id\":\"a\"}} | messages[0].audio",
        "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x\","
            + "\"detail\":\"low\"}}]} | messages[0].content[0].image_url.detail",
    })
    void refusesMessages(String message, String param) {
        assertThatThrownBy(() -> translate("{\"model\":\"m\",\"messages\":[" + message + "]}"))
                .isInstanceOfSatisfying(UntranslatableException.class, e -> assertThat(e.param()).isEqualTo(param));
    }

    @Test
    void refusesSystemAfterConversationStarted() {
        assertThatThrownBy(() -> translate("""
                {"model":"m","messages":[{"role":"user","content":"x"},{"role":"system","content":"late"}]}"""))
                .isInstanceOfSatisfying(UntranslatableException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[1].role"));
    }
}
