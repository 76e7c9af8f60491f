package dev.spendgate.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * OpenAI {@code messages} as Anthropic {@code system} + {@code messages}. System and developer messages must
 * come before the conversation (Anthropic has one system prompt, not a position in the turn list); role
 * {@code tool} messages become {@code tool_result} blocks, consecutive ones merged into one user message.
 */
final class ChatMessages {

    private static final Set<String> USER_FIELDS = Set.of("role", "content");
    private static final Set<String> ASSISTANT_FIELDS = Set.of("role", "content", "tool_calls", "refusal");
    private static final Set<String> TOOL_FIELDS = Set.of("role", "content", "tool_call_id");

    private ChatMessages() {
    }

    static void translate(JsonNode messages, ObjectNode out) {
        if (!messages.isArray() || messages.isEmpty()) {
            throw new UntranslatableException("messages", "messages must be a non-empty array.");
        }
        ArrayNode system = Json.MAPPER.createArrayNode();
        ArrayNode turns = Json.MAPPER.createArrayNode();
        ArrayNode toolResults = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String at = "messages[" + i + "]";
            String role = message.path("role").asText();
            if (!"tool".equals(role)) {
                toolResults = null;
            }
            switch (role) {
                case "system", "developer" -> {
                    if (!turns.isEmpty()) {
                        throw new UntranslatableException(at + ".role", "A " + role + " message after the "
                                + "conversation started cannot be sent to an Anthropic model, which has a single "
                                + "system prompt. Move it to the start of messages.");
                    }
                    onlyFields(message, USER_FIELDS, at);
                    system.addObject().put("type", "text")
                            .put("text", ContentParts.joinText(message.path("content"), at + ".content"));
                }
                case "user" -> {
                    onlyFields(message, USER_FIELDS, at);
                    turns.addObject().put("role", "user")
                            .set("content", ContentParts.toAnthropic(message.path("content"), at + ".content", true));
                }
                case "assistant" -> turns.add(assistant(message, at));
                case "tool" -> {
                    onlyFields(message, TOOL_FIELDS, at);
                    if (toolResults == null) {
                        toolResults = turns.addObject().put("role", "user").putArray("content");
                    }
                    toolResults.addObject().put("type", "tool_result")
                            .put("tool_use_id", message.path("tool_call_id").asText())
                            .put("content", ContentParts.joinText(message.path("content"), at + ".content"));
                }
                default -> throw new UntranslatableException(at + ".role", "Message role '" + role
                        + "' cannot be sent to an Anthropic model. Use system, developer, user, assistant or tool.");
            }
        }
        if (!system.isEmpty()) {
            out.set("system", system);
        }
        out.set("messages", turns);
    }

    private static ObjectNode assistant(JsonNode message, String at) {
        onlyFields(message, ASSISTANT_FIELDS, at);
        if (Json.field(message, "refusal") != null) {
            throw new UntranslatableException(at + ".refusal", "An assistant refusal cannot be replayed to an "
                    + "Anthropic model. Send it as content text instead.");
        }
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        JsonNode content = Json.field(message, "content");
        if (content != null) {
            String text = ContentParts.joinText(content, at + ".content");
            if (!text.isEmpty()) {
                blocks.addObject().put("type", "text").put("text", text);
            }
        }
        JsonNode calls = message.path("tool_calls");
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            String callAt = at + ".tool_calls[" + j + "]";
            if (!"function".equals(call.path("type").asText("function"))) {
                throw new UntranslatableException(callAt + ".type", "Only function tool calls translate.");
            }
            blocks.addObject().put("type", "tool_use").put("id", call.path("id").asText())
                    .put("name", call.path("function").path("name").asText())
                    .set("input", arguments(call.path("function").path("arguments").asText(), callAt));
        }
        if (blocks.isEmpty()) {
            throw new UntranslatableException(at + ".content", "An assistant message with neither text nor tool "
                    + "calls cannot be sent to an Anthropic model, which rejects empty turns. Remove it.");
        }
        return Json.object().put("role", "assistant").set("content", blocks);
    }

    private static JsonNode arguments(String json, String at) {
        try {
            JsonNode input = json.isBlank() ? Json.object() : Json.MAPPER.readTree(json);
            if (input.isObject()) {
                return input;
            }
        } catch (JsonProcessingException e) {
            // refused below: Anthropic needs the input as a JSON object
        }
        throw new UntranslatableException(at + ".function.arguments", "Tool call arguments must be a JSON object "
                + "to be sent to an Anthropic model.");
    }

    /** Refuses fields such as {@code name} (a participant name Anthropic has no place for) or {@code audio}. */
    private static void onlyFields(JsonNode message, Set<String> allowed, String at) {
        Iterator<String> names = message.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name) && !message.get(name).isNull()) {
                throw new UntranslatableException(at + "." + name, "Message field '" + name + "' at " + at
                        + " cannot be sent to an Anthropic model. Remove it.");
            }
        }
    }
}
