package dev.spendgate.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** OpenAI tool-call {@code arguments} (a JSON string) as the Anthropic {@code input} object. */
final class ToolArguments {

    private ToolArguments() {
    }

    /**
     * The arguments as an object. A model can emit arguments that are not a JSON object (cut by
     * {@code max_tokens}); the response must still reach the client, so they are kept under {@code _raw} rather
     * than lost.
     */
    static JsonNode parse(String arguments) {
        if (arguments.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode input = Json.MAPPER.readTree(arguments);
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (JsonProcessingException e) {
            // kept raw below
        }
        return Json.object().put("_raw", arguments);
    }
}
