package dev.spendgate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.ApiFormat;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/messages}. Usage: {@code input_tokens} EXCLUDES cache reads and writes, which are reported
 * beside it (semantics.md 4). Stream order as in ASDK fixtures: message_start (usage with provisional
 * {@code output_tokens: 1}), content_block_start, ping, text_delta deltas, content_block_stop, message_delta (usage
 * with the cumulative, final {@code output_tokens} and the input fields repeated), message_stop. Like the 2026
 * captures, some event JSON carries whitespace before its final brace (wire/anthropic-messages-stream.sse).
 */
final class AnthropicMessagesSimulator implements SimEndpoint {

    @Override
    public SimReply reply(SimCall call) {
        JsonNode body = call.body();
        @Nullable String invalid = AnthropicMessagesSimulator.missingField(body, true);
        if (invalid != null) {
            return SimErrors.badRequest(ApiFormat.ANTHROPIC, call.idRng(), invalid + ": Field required", null);
        }
        int cap = Math.max(1, body.path("max_tokens").asInt());
        int output = SimTokens.output(call.rng(), cap);
        List<String> tokens = SimText.tokens(call.rng(), output);
        SimUsage usage = AnthropicPrompt.of(body).usage(call.options().cachedFraction(), output);
        String id = "msg_01" + SimIds.alnum(call.idRng(), 22);
        String stopReason = output >= cap ? "max_tokens" : "end_turn";
        String model = SimModels.snapshot(call.model());
        if (!call.stream()) {
            ObjectNode message = message(model, id, stopReason);
            message.withArray("content").addObject().put("type", "text").put("text", String.join("", tokens));
            message.set("usage", usage(usage, usage.output()));
            return new SimReply.Body(200, SimHeaders.anthropic(call.idRng(), SimHeaders.JSON),
                    SimJson.compact(message), call.pacing(output), output);
        }
        List<String> frames = new ArrayList<>();
        ObjectNode start = message(model, id, null);
        start.set("usage", usage(usage, 1));
        frames.add(frame(call, "message_start", SimJson.object().put("type", "message_start").set("message", start),
                true));
        ObjectNode blockStart = SimJson.object().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        frames.add(frame(call, "content_block_start", blockStart, true));
        frames.add("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        for (int i = 0; i < tokens.size(); ) {
            int take = Math.min(tokens.size() - i, 1 + call.rng().nextInt(3));
            ObjectNode delta = SimJson.object().put("type", "content_block_delta").put("index", 0);
            String text = String.join("", tokens.subList(i, i + take));
            delta.putObject("delta").put("type", "text_delta").put("text", text);
            frames.add(frame(call, "content_block_delta", delta, true));
            i += take;
        }
        frames.add(frame(call, "content_block_stop", SimJson.object().put("type", "content_block_stop")
                .put("index", 0), false));
        ObjectNode messageDelta = SimJson.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        messageDelta.putObject("usage").put("input_tokens", usage.uncachedInput())
                .put("cache_creation_input_tokens", usage.cacheWrite())
                .put("cache_read_input_tokens", usage.cacheRead())
                .put("output_tokens", usage.output());
        frames.add(frame(call, "message_delta", messageDelta, false));
        frames.add(frame(call, "message_stop", SimJson.object().put("type", "message_stop"), true));
        return new SimReply.Events(SimHeaders.anthropic(call.idRng(), SimHeaders.EVENT_STREAM), frames,
                call.pacing(frames.size()));
    }

    /** The first required field that is missing, or null; {@code max_tokens} only for message creation. */
    static @Nullable String missingField(JsonNode body, boolean needsMaxTokens) {
        if (!body.path("model").isTextual()) {
            return "model";
        }
        if (needsMaxTokens && !body.path("max_tokens").canConvertToInt()) {
            return "max_tokens";
        }
        return body.path("messages").isArray() ? null : "messages";
    }

    private static ObjectNode message(String model, String id, @Nullable String stopReason) {
        ObjectNode message = SimJson.object().put("model", model).put("id", id).put("type", "message")
                .put("role", "assistant");
        message.putArray("content");
        return message.put("stop_reason", stopReason).putNull("stop_sequence");
    }

    private static ObjectNode usage(SimUsage usage, int outputTokens) {
        ObjectNode node = SimJson.object().put("input_tokens", usage.uncachedInput())
                .put("cache_creation_input_tokens", usage.cacheWrite())
                .put("cache_read_input_tokens", usage.cacheRead());
        node.putObject("cache_creation").put("ephemeral_5m_input_tokens", usage.cacheWrite5m())
                .put("ephemeral_1h_input_tokens", usage.cacheWrite1h());
        return node.put("output_tokens", outputTokens).put("service_tier", "standard")
                .put("inference_geo", "not_available");
    }

    /** {@code event: name\ndata: json\n\n}, optionally padded with 0-12 spaces before the final brace. */
    private static String frame(SimCall call, String name, ObjectNode data, boolean padded) {
        String json = SimJson.compact(data);
        if (padded) {
            json = json.substring(0, json.length() - 1) + " ".repeat(call.idRng().nextInt(13)) + "}";
        }
        return "event: " + name + "\ndata: " + json + "\n\n";
    }
}
