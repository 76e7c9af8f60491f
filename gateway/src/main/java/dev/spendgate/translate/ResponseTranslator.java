package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Non-streaming success bodies between the formats. The upstream id is kept as is (SDKs do not check its
 * prefix, and it is what the provider's logs know); {@code model} is the alias the client sent. Anthropic
 * {@code thinking}/{@code redacted_thinking} blocks are dropped for an OpenAI client: chat completions has no
 * place for them, and their tokens stay in {@code completion_tokens}, so nothing billed goes missing.
 */
public final class ResponseTranslator {

    private ResponseTranslator() {
    }

    /** An Anthropic {@code message} as an OpenAI {@code chat.completion}. */
    public static byte[] messagesToChat(byte[] anthropicMessage, String clientModel) {
        JsonNode message = Json.parseBody(anthropicMessage, "Anthropic message");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (JsonNode block : message.path("content")) {
            String type = block.path("type").asText();
            if ("text".equals(type)) {
                text.append(block.path("text").asText());
            } else if ("tool_use".equals(type)) {
                ToolMapping.addToolCall(calls, block);
            }
        }
        ObjectNode out = Json.object().put("id", message.path("id").asText())
                .put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", clientModel);
        ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
        ObjectNode reply = choice.putObject("message").put("role", "assistant");
        if (text.length() > 0 || calls.isEmpty()) {
            reply.put("content", text.toString());
        } else {
            reply.putNull("content");
        }
        reply.putNull("refusal");
        if (!calls.isEmpty()) {
            reply.set("tool_calls", calls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", StopReasons.toFinishReason(Json.field(message, "stop_reason") == null
                ? null : message.get("stop_reason").asText()));
        out.set("usage", UsageMapping.openAi(message.path("usage")));
        return Json.bytes(out);
    }

    /** An OpenAI {@code chat.completion} (its first choice) as an Anthropic {@code message}. */
    public static byte[] chatToMessages(byte[] openAiChatCompletion, String clientModel) {
        JsonNode completion = Json.parseBody(openAiChatCompletion, "OpenAI chat completion");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode reply = choice.path("message");
        ObjectNode out = Json.object().put("id", completion.path("id").asText()).put("type", "message")
                .put("role", "assistant").put("model", clientModel);
        ArrayNode content = out.putArray("content");
        String text = reply.path("content").asText("");
        if (text.isEmpty()) {
            text = reply.path("refusal").asText("");
        }
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : reply.path("tool_calls")) {
            JsonNode function = call.path("function");
            content.addObject().put("type", "tool_use").put("id", call.path("id").asText())
                    .put("name", function.path("name").asText())
                    .set("input", ToolArguments.parse(function.path("arguments").asText()));
        }
        out.put("stop_reason", StopReasons.toStopReason(Json.field(choice, "finish_reason") == null
                ? null : choice.get("finish_reason").asText()));
        out.putNull("stop_sequence");
        out.set("usage", UsageMapping.anthropic(completion.path("usage")));
        return Json.bytes(out);
    }
}
