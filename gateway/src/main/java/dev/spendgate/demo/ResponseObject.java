package dev.spendgate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * The Responses API {@code response} object in the field order of wire/openai-responses.json, shared by the
 * non-stream body and the {@code response.created / in_progress / completed} stream events.
 */
record ResponseObject(SimCall call, String id, long createdAt) {

    /** {@code usage == null} prints {@code "usage":null}, as the in-progress events do. */
    ObjectNode node(String status, ArrayNode output, @Nullable SimUsage usage, String serviceTier,
                    boolean withCompletedAt) {
        JsonNode request = call.body();
        ObjectNode node = SimJson.object();
        node.put("id", id).put("object", "response").put("created_at", createdAt).put("status", status);
        if (withCompletedAt) {
            node.put("completed_at", call.created());
        }
        node.put("background", false).putNull("error");
        if ("incomplete".equals(status)) {
            node.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            node.putNull("incomplete_details");
        }
        node.set("instructions", orNull(request.path("instructions")));
        node.set("max_output_tokens", orNull(request.path("max_output_tokens")));
        node.putNull("max_tool_calls").put("model", SimModels.snapshot(call.model()));
        node.set("output", output);
        node.put("parallel_tool_calls", true).putNull("previous_response_id").putNull("prompt_cache_key");
        String effort = request.path("reasoning").path("effort").asText(null);
        boolean reasons = SimModels.reasons(call.model());
        node.putObject("reasoning").put("effort", reasons ? (effort == null ? "medium" : effort) : null)
                .putNull("summary");
        node.putNull("safety_identifier").put("service_tier", serviceTier).put("store", true)
                .put("temperature", 1.0);
        ObjectNode text = node.putObject("text");
        text.putObject("format").put("type", "text");
        text.put("verbosity", "medium");
        node.put("tool_choice", "auto").putArray("tools");
        node.put("top_logprobs", 0).put("top_p", 1.0).put("truncation", "disabled");
        node.set("usage", usage == null ? NullNode.getInstance() : OpenAiUsage.response(usage));
        node.putNull("user").putObject("metadata");
        return node;
    }

    /** Echoes a request field, or {@code null} when the request did not send it. */
    private static JsonNode orNull(JsonNode field) {
        return field.isMissingNode() ? NullNode.getInstance() : field;
    }

    /** The reasoning output item (empty summary, as without {@code reasoning.summary}). */
    static ObjectNode reasoningItem(String rsId) {
        ObjectNode item = SimJson.object().put("id", rsId).put("type", "reasoning");
        item.putArray("summary");
        return item;
    }

    /** An {@code output_text} content part. */
    static ObjectNode textPart(String text) {
        ObjectNode part = SimJson.object().put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        return part.put("text", text);
    }

    /** The assistant message item; {@code part == null} gives the empty in-progress item. */
    static ObjectNode messageItem(String msgId, String status, @Nullable ObjectNode part) {
        ObjectNode item = SimJson.object().put("id", msgId).put("type", "message").put("status", status);
        ArrayNode content = item.putArray("content");
        if (part != null) {
            content.add(part);
        }
        return item.put("role", "assistant");
    }
}
