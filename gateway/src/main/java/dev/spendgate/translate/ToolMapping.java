package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/** Tool definitions and tool choice: OpenAI function tools and Anthropic custom tools, both ways. */
final class ToolMapping {

    private ToolMapping() {
    }

    /** OpenAI {@code tools} as Anthropic {@code tools}; only function tools without strict mode translate. */
    static ArrayNode toAnthropicTools(JsonNode tools) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String at = "tools[" + i + "]";
            if (!"function".equals(tool.path("type").asText())) {
                throw new UntranslatableException(at + ".type", "Tool type '" + tool.path("type").asText()
                        + "' cannot be sent to an Anthropic model. Only function tools translate.");
            }
            JsonNode function = tool.path("function");
            if (function.path("strict").asBoolean(false)) {
                throw new UntranslatableException(at + ".function.strict", "Strict function schemas cannot be "
                        + "guaranteed by an Anthropic model. Remove strict or set it to false.");
            }
            ObjectNode def = out.addObject().put("name", function.path("name").asText());
            if (Json.field(function, "description") != null) {
                def.put("description", function.get("description").asText());
            }
            JsonNode schema = Json.field(function, "parameters");
            def.set("input_schema", schema != null ? schema : Json.object().put("type", "object")
                    .set("properties", Json.object()));
        }
        return out;
    }

    /** OpenAI {@code tool_choice} and {@code parallel_tool_calls} as Anthropic {@code tool_choice}, or null. */
    static @Nullable ObjectNode toAnthropicChoice(@Nullable JsonNode choice, @Nullable JsonNode parallel) {
        ObjectNode out = Json.object();
        if (choice == null || "auto".equals(choice.asText())) {
            out.put("type", "auto");
        } else if ("none".equals(choice.asText())) {
            out.put("type", "none");
        } else if ("required".equals(choice.asText())) {
            out.put("type", "any");
        } else if ("function".equals(choice.path("type").asText())) {
            out.put("type", "tool").put("name", choice.path("function").path("name").asText());
        } else {
            throw new UntranslatableException("tool_choice", "tool_choice " + choice
                    + " cannot be sent to an Anthropic model. Use auto, none, required or a function.");
        }
        boolean serial = parallel != null && !parallel.asBoolean(true);
        if (serial && !"none".equals(out.get("type").asText())) {
            out.put("disable_parallel_tool_use", true);
        }
        return choice == null && !serial ? null : out;
    }

    /** Anthropic {@code tools} as OpenAI function tools; server tools (typed, e.g. web_search) are refused. */
    static ArrayNode toOpenAiTools(JsonNode tools) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText("custom");
            if (!"custom".equals(type)) {
                throw new UntranslatableException("tools[" + i + "].type", "Anthropic server tool '" + type
                        + "' cannot run on an OpenAI model. Send only custom tools (name + input_schema).");
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", tool.path("name").asText());
            if (Json.field(tool, "description") != null) {
                function.put("description", tool.get("description").asText());
            }
            function.set("parameters", tool.path("input_schema"));
        }
        return out;
    }

    /** Anthropic {@code tool_choice} into {@code request} as OpenAI {@code tool_choice}/{@code parallel_tool_calls}. */
    static void toOpenAiChoice(JsonNode choice, ObjectNode request) {
        String type = choice.path("type").asText();
        switch (type) {
            case "auto" -> request.put("tool_choice", "auto");
            case "none" -> request.put("tool_choice", "none");
            case "any" -> request.put("tool_choice", "required");
            case "tool" -> request.putObject("tool_choice").put("type", "function")
                    .putObject("function").put("name", choice.path("name").asText());
            default -> throw new UntranslatableException("tool_choice.type", "tool_choice type '" + type
                    + "' cannot be sent to an OpenAI model. Use auto, any, tool or none.");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            request.put("parallel_tool_calls", false);
        }
    }

    /** Appends an Anthropic {@code tool_use} block to OpenAI {@code tool_calls} (input object as arguments JSON). */
    static void addToolCall(ArrayNode calls, JsonNode toolUse) {
        ObjectNode call = calls.addObject().put("id", toolUse.path("id").asText()).put("type", "function");
        call.putObject("function").put("name", toolUse.path("name").asText())
                .put("arguments", Json.text(toolUse.path("input")));
    }
}
