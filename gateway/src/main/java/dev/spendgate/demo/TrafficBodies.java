package dev.spendgate.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** JSON request bodies in the shapes the official SDKs send (wire/*-request.json). */
final class TrafficBodies {

    private TrafficBodies() {
    }

    static String chat(String model, String system, String user, int maxTokens, boolean stream,
                       boolean includeUsage) {
        ObjectNode body = SimJson.object().put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        body.put("max_completion_tokens", maxTokens);
        if (stream) {
            body.put("stream", true);
            if (includeUsage) {
                body.putObject("stream_options").put("include_usage", true);
            }
        }
        return SimJson.compact(body);
    }

    static String responses(String model, String instructions, String input, int maxOutput, boolean stream) {
        ObjectNode body = SimJson.object().put("model", model).put("instructions", instructions)
                .put("input", input).put("max_output_tokens", maxOutput);
        return SimJson.compact(stream ? body.put("stream", true) : body);
    }

    static String embeddings(String model, List<String> inputs, String encoding) {
        ObjectNode body = SimJson.object().put("model", model);
        ArrayNode array = body.putArray("input");
        inputs.forEach(array::add);
        return SimJson.compact(body.put("encoding_format", encoding));
    }

    /**
     * A Messages request whose long system prompt ends in a {@code cache_control} breakpoint, with a
     * conversation of {@code turns} user turns (earlier ones answered), as a chat assistant sends it.
     */
    static String messages(String model, String system, List<String> userTurns, int maxTokens, boolean stream) {
        ObjectNode body = SimJson.object().put("model", model).put("max_tokens", maxTokens);
        body.putArray("system").addObject().put("type", "text").put("text", system)
                .putObject("cache_control").put("type", "ephemeral");
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < userTurns.size(); i++) {
            if (i > 0) {
                messages.addObject().put("role", "assistant").put("content", "Sure, here is what I found.");
            }
            messages.addObject().put("role", "user").put("content", userTurns.get(i));
        }
        return SimJson.compact(stream ? body.put("stream", true) : body);
    }
}
