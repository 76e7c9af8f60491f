package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.stream.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Anthropic Messages stream events as OpenAI {@code chat.completion.chunk} frames: a role chunk on
 * {@code message_start}, content and tool-call deltas, then on {@code message_stop} the finish-reason chunk, a
 * usage chunk with {@code choices:[]} when asked, and {@code [DONE]}. Thinking deltas are dropped (as in
 * non-streaming responses); an upstream {@code error} event becomes an OpenAI error frame with no {@code [DONE]},
 * which the OpenAI SDK raises as an error.
 */
final class AnthropicToChatStream implements StreamTranslator {

    private final String clientModel;
    private final boolean includeUsage;
    /** Anthropic content-block index to OpenAI tool-call index, for tool_use blocks only. */
    private final Map<Integer, Integer> toolIndex = new HashMap<>();
    /** Anthropic block indexes of tool_use blocks that streamed some input JSON. */
    private final Set<Integer> toolsWithInput = new HashSet<>();
    private String id = "chatcmpl-translated";
    private final long created = System.currentTimeMillis() / 1000;
    private long input;
    private long cacheRead;
    private long cacheCreation;
    private long output;
    private String finishReason = "stop";
    private boolean ended;

    AnthropicToChatStream(String clientModel, boolean includeUsage) {
        this.clientModel = clientModel;
        this.includeUsage = includeUsage;
    }

    @Override
    public void onEvent(SseEvent upstreamEvent, StringBuilder out) {
        JsonNode event = dev.spendgate.stream.Json.parseObject(upstreamEvent.data());
        if (event == null || ended) {
            return;
        }
        switch (event.path("type").asText()) {
            case "message_start" -> {
                JsonNode message = event.path("message");
                id = message.path("id").asText(id);
                usage(message.path("usage"));
                emit(Json.object().put("role", "assistant").put("content", ""), out);
            }
            case "content_block_start" -> {
                JsonNode block = event.path("content_block");
                if ("tool_use".equals(block.path("type").asText())) {
                    int index = toolIndex.size();
                    toolIndex.put(event.path("index").asInt(), index);
                    ObjectNode call = Json.object().put("index", index).put("id", block.path("id").asText())
                            .put("type", "function");
                    call.putObject("function").put("name", block.path("name").asText()).put("arguments", "");
                    emitToolCall(call, out);
                } else if ("text".equals(block.path("type").asText()) && !block.path("text").asText().isEmpty()) {
                    emit(Json.object().put("content", block.path("text").asText()), out);
                }
            }
            case "content_block_delta" -> blockDelta(event, out);
            case "content_block_stop" -> {
                // a tool without input streams no (or only empty) input_json_delta; OpenAI sends "{}" for it
                int block = event.path("index").asInt();
                Integer index = toolIndex.get(block);
                if (index != null && !toolsWithInput.contains(block)) {
                    ObjectNode call = Json.object().put("index", index);
                    call.putObject("function").put("arguments", "{}");
                    emitToolCall(call, out);
                }
            }
            case "message_delta" -> {
                JsonNode reason = Json.field(event.path("delta"), "stop_reason");
                if (reason != null) {
                    finishReason = StopReasons.toFinishReason(reason.asText());
                }
                usage(event.path("usage"));
            }
            case "message_stop" -> finish(out);
            case "error" -> {
                // status 500 only picks a fallback type; the event's own error type decides when present
                byte[] body = ErrorTranslator.anthropicToOpenAi(Json.bytes(event), 500);
                out.append("data: ").append(new String(body, StandardCharsets.UTF_8)).append("\n\n");
                ended = true;
            }
            default -> {
                // ping and unknown events carry nothing for the client
            }
        }
    }

    private void blockDelta(JsonNode event, StringBuilder out) {
        JsonNode delta = event.path("delta");
        String type = delta.path("type").asText();
        if ("text_delta".equals(type)) {
            emit(Json.object().put("content", delta.path("text").asText()), out);
        } else if ("input_json_delta".equals(type)) {
            Integer index = toolIndex.get(event.path("index").asInt());
            String fragment = delta.path("partial_json").asText();
            if (index != null && !fragment.isEmpty()) {
                toolsWithInput.add(event.path("index").asInt());
                ObjectNode call = Json.object().put("index", index);
                call.putObject("function").put("arguments", fragment);
                emitToolCall(call, out);
            }
        }
        // thinking_delta and signature_delta are dropped: OpenAI chat has no place for them
    }

    /** Anthropic reports usage in message_start and (cumulatively) in message_delta; the last value wins. */
    private void usage(JsonNode usage) {
        input = usage.path("input_tokens").asLong(input);
        cacheRead = usage.path("cache_read_input_tokens").asLong(cacheRead);
        cacheCreation = usage.path("cache_creation_input_tokens").asLong(cacheCreation);
        output = usage.path("output_tokens").asLong(output);
    }

    @Override
    public void finish(StringBuilder out) {
        if (ended) {
            return;
        }
        ended = true;
        ObjectNode last = chunk();
        ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs").put("finish_reason", finishReason);
        frame(last, out);
        if (includeUsage) {
            ObjectNode usage = chunk();
            usage.putArray("choices");
            usage.set("usage", UsageMapping.openAi(input, cacheRead, cacheCreation, output));
            frame(usage, out);
        }
        out.append("data: [DONE]\n\n");
    }

    private ObjectNode chunk() {
        return Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", clientModel);
    }

    /** Writes a one-choice chunk carrying {@code delta}. */
    private void emit(ObjectNode delta, StringBuilder out) {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs").putNull("finish_reason");
        frame(chunk, out);
    }

    private void emitToolCall(ObjectNode call, StringBuilder out) {
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(call);
        emit(delta, out);
    }

    private static void frame(JsonNode chunk, StringBuilder out) {
        out.append("data: ").append(Json.text(chunk)).append("\n\n");
    }
}
