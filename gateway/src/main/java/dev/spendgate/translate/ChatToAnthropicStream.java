package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.stream.SseEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * OpenAI {@code chat.completion.chunk} frames as Anthropic Messages stream events. OpenAI reports usage only in
 * the last chunk, so {@code message_start} says 0 input tokens and the real counts go in the final
 * {@code message_delta.usage}, which the Anthropic SDK takes over the start's. Text and each tool call become
 * content blocks opened and closed in order; the closing events wait for {@code [DONE]} (or {@link #finish})
 * because the usage chunk comes after the finish reason.
 */
final class ChatToAnthropicStream implements StreamTranslator {

    private final String clientModel;
    /** OpenAI tool-call index to Anthropic content-block index. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private boolean started;
    private boolean ended;
    /** Index of the open content block, or -1. */
    private int openBlock = -1;
    private boolean openIsText;
    private int nextBlock;
    private String stopReason = "end_turn";
    private JsonNode usage = Json.object();

    ChatToAnthropicStream(String clientModel) {
        this.clientModel = clientModel;
    }

    @Override
    public void onEvent(SseEvent upstreamEvent, StringBuilder out) {
        if (ended) {
            return;
        }
        if ("[DONE]".equals(upstreamEvent.data().strip())) {
            finish(out);
            return;
        }
        JsonNode chunk = dev.spendgate.stream.Json.parseObject(upstreamEvent.data());
        if (chunk == null) {
            return;
        }
        if (chunk.has("error")) {
            byte[] body = ErrorTranslator.openAiToAnthropic(Json.bytes(chunk), 500);
            event("error", Json.parseBody(body, "error"), out);
            ended = true;
            return;
        }
        start(chunk.path("id").asText("msg_translated"), out);
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String text = delta.path("content").asText("");
        if (text.isEmpty()) {
            text = delta.path("refusal").asText("");
        }
        if (!text.isEmpty()) {
            if (openBlock < 0 || !openIsText) {
                open(Json.object().put("type", "text").put("text", ""), true, out);
            }
            blockDelta(Json.object().put("type", "text_delta").put("text", text), openBlock, out);
        }
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(call, out);
        }
        JsonNode finish = Json.field(choice, "finish_reason");
        if (finish != null) {
            stopReason = StopReasons.toStopReason(finish.asText());
            close(out);
        }
        JsonNode chunkUsage = Json.field(chunk, "usage");
        if (chunkUsage != null) {
            usage = chunkUsage;
        }
    }

    private void toolCall(JsonNode call, StringBuilder out) {
        int index = call.path("index").asInt();
        JsonNode function = call.path("function");
        if (Json.field(call, "id") != null) {
            ObjectNode block = Json.object().put("type", "tool_use").put("id", call.get("id").asText())
                    .put("name", function.path("name").asText());
            block.putObject("input");
            open(block, false, out);
            toolBlocks.put(index, openBlock);
        }
        Integer block = toolBlocks.get(index);
        String fragment = function.path("arguments").asText("");
        if (block != null && !fragment.isEmpty()) {
            blockDelta(Json.object().put("type", "input_json_delta").put("partial_json", fragment), block, out);
        }
    }

    private void start(String id, StringBuilder out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode message = Json.object().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", clientModel);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        ObjectNode event = Json.object().put("type", "message_start");
        event.set("message", message);
        event("message_start", event, out);
    }

    private void open(ObjectNode contentBlock, boolean text, StringBuilder out) {
        close(out);
        openBlock = nextBlock++;
        openIsText = text;
        ObjectNode event = Json.object().put("type", "content_block_start").put("index", openBlock);
        event.set("content_block", contentBlock);
        event("content_block_start", event, out);
    }

    private void close(StringBuilder out) {
        if (openBlock >= 0) {
            event("content_block_stop", Json.object().put("type", "content_block_stop").put("index", openBlock), out);
            openBlock = -1;
        }
    }

    private void blockDelta(ObjectNode delta, int index, StringBuilder out) {
        ObjectNode event = Json.object().put("type", "content_block_delta").put("index", index);
        event.set("delta", delta);
        event("content_block_delta", event, out);
    }

    @Override
    public void finish(StringBuilder out) {
        if (ended) {
            return;
        }
        ended = true;
        start("msg_translated", out);
        close(out);
        ObjectNode event = Json.object().put("type", "message_delta");
        event.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        event.set("usage", UsageMapping.anthropic(usage));
        event("message_delta", event, out);
        event("message_stop", Json.object().put("type", "message_stop"), out);
    }

    private static void event(String name, JsonNode data, StringBuilder out) {
        out.append("event: ").append(name).append("\ndata: ").append(Json.text(data)).append("\n\n");
    }
}
