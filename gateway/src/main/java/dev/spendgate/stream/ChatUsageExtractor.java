package dev.spendgate.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.metering.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI Chat Completions (and legacy Completions) chunks, also from Azure (semantics.md section 1).
 *
 * <p>Usage is taken from any chunk whose {@code usage} is a non-null object, the last one winning. It is not
 * keyed on {@code choices == []}: Azure's first content-filter chunk has empty choices and no usage, and some
 * compatible upstreams put usage on the last content chunk. {@code data: [DONE]} ends the stream.
 */
final class ChatUsageExtractor implements StreamUsageExtractor {

    private static final String DONE = "[DONE]";

    private final StreamState state = new StreamState();
    private @Nullable TokenUsage usage;

    @Override
    public void onEvent(SseEvent e) {
        if (DONE.equals(e.data())) {
            state.complete();
            return;
        }
        JsonNode root = Json.parseObject(e.data());
        if (root == null) {
            return;
        }
        state.servedModel(root);
        JsonNode reported = root.get("usage");
        if (reported != null && reported.isObject()) {
            usage = UsageMapping.chat(reported);
        }
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            state.error(error);
        }
        for (JsonNode choice : root.path("choices")) {
            appendChoiceText(choice);
        }
    }

    private void appendChoiceText(JsonNode choice) {
        JsonNode delta = choice.path("delta");
        state.appendText(delta.path("content"));
        state.appendText(delta.path("refusal"));
        for (JsonNode call : delta.path("tool_calls")) {
            state.appendText(call.path("function").path("arguments"));
        }
        // Legacy /v1/completions chunks carry the text directly on the choice.
        state.appendText(choice.path("text"));
    }

    @Override
    public StreamUsage result() {
        return state.result(usage);
    }
}
