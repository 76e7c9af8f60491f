package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic {@code system} + {@code messages} as OpenAI {@code messages}. A user turn's {@code tool_result}
 * blocks become role {@code tool} messages placed first (OpenAI wants them right after the assistant's tool
 * calls), then the rest of the turn as one user message. Thinking blocks are refused: their signature only
 * means something to Anthropic, and dropping them would change what the model was shown.
 */
final class AnthropicMessages {

    private AnthropicMessages() {
    }

    static void translate(@Nullable JsonNode system, JsonNode messages, ArrayNode out) {
        if (system != null) {
            out.addObject().put("role", "system").put("content", ContentParts.joinText(system, "system"));
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw new UntranslatableException("messages", "messages must be a non-empty array.");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String at = "messages[" + i + "]";
            String role = message.path("role").asText();
            JsonNode content = message.path("content");
            if ("user".equals(role)) {
                user(content, at, out);
            } else if ("assistant".equals(role)) {
                out.add(assistant(content, at));
            } else {
                throw new UntranslatableException(at + ".role", "Message role '" + role + "' is not an Anthropic "
                        + "role. Use user or assistant.");
            }
        }
    }

    private static void user(JsonNode content, String at, ArrayNode out) {
        if (content.isTextual()) {
            out.addObject().put("role", "user").put("content", content.asText());
            return;
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String blockAt = at + ".content[" + j + "]";
            if ("tool_result".equals(block.path("type").asText())) {
                if (block.path("is_error").asBoolean(false)) {
                    throw new UntranslatableException(blockAt + ".is_error", "OpenAI tool messages have no error "
                            + "flag, so is_error:true cannot be carried. Put the error in the content text and "
                            + "remove is_error.");
                }
                JsonNode result = block.path("content");
                out.addObject().put("role", "tool").put("tool_call_id", block.path("tool_use_id").asText())
                        .put("content", result.isMissingNode() ? "" : ContentParts.joinText(result,
                                blockAt + ".content"));
            } else {
                parts.add(ContentParts.toOpenAiPart(block, blockAt));
            }
        }
        if (!parts.isEmpty()) {
            out.addObject().put("role", "user").set("content", parts);
        }
    }

    private static ObjectNode assistant(JsonNode content, String at) {
        ObjectNode message = Json.object().put("role", "assistant");
        if (content.isTextual()) {
            return message.put("content", content.asText());
        }
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String type = block.path("type").asText();
            if ("text".equals(type)) {
                text.append(block.path("text").asText());
            } else if ("tool_use".equals(type)) {
                ToolMapping.addToolCall(calls, block);
            } else {
                throw new UntranslatableException(at + ".content[" + j + "].type", "Assistant content block '"
                        + type + "' cannot be sent to an OpenAI model"
                        + (type.contains("thinking") ? " (thinking is only meaningful to Anthropic)" : "")
                        + ". Remove it.");
            }
        }
        if (text.length() > 0 || calls.isEmpty()) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        return message;
    }
}
