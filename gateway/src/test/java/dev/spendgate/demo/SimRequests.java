package dev.spendgate.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;

/** Request bodies for simulator tests. */
final class SimRequests {

    private SimRequests() {
    }

    /** Text of about {@code tokens} tokens by the simulator's chars/4 rule. */
    static String text(int tokens) {
        return SimText.prose(new SplittableRandom(tokens), tokens);
    }

    static ObjectNode chat(String model, String userText, boolean stream) {
        ObjectNode body = SimJson.object().put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are a helpful assistant.");
        messages.addObject().put("role", "user").put("content", userText);
        body.put("max_completion_tokens", 200);
        return stream ? body.put("stream", true) : body;
    }

    static ObjectNode messages(String model, String system, boolean cacheSystem, boolean stream) {
        ObjectNode body = SimJson.object().put("model", model).put("max_tokens", 300);
        ObjectNode block = body.putArray("system").addObject().put("type", "text").put("text", system);
        if (cacheSystem) {
            block.putObject("cache_control").put("type", "ephemeral");
        }
        body.putArray("messages").addObject().put("role", "user").put("content", "What is the notice period?");
        return stream ? body.put("stream", true) : body;
    }
}
