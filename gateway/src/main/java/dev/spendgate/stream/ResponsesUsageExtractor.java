package dev.spendgate.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.metering.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI Responses API events (semantics.md section 2). Usage exists only in {@code response.usage} of the
 * terminal {@code response.completed}, {@code response.incomplete} or {@code response.failed} event (it may be
 * null on failed); {@code response.created} / {@code in_progress} carry {@code "usage":null}. There is no
 * {@code [DONE]}; a mid-stream {@code error} event sets the error type.
 */
final class ResponsesUsageExtractor implements StreamUsageExtractor {

    private final StreamState state = new StreamState();
    private @Nullable TokenUsage usage;

    @Override
    public void onEvent(SseEvent e) {
        JsonNode root = Json.parseObject(e.data());
        if (root == null) {
            return;
        }
        String type = UsageMapping.eventType(root, e);
        switch (type) {
            case "response.output_text.delta", "response.function_call_arguments.delta", "response.refusal.delta" ->
                    state.appendText(root.path("delta"));
            case "response.created", "response.in_progress" -> state.servedModel(root.path("response"));
            case "response.completed", "response.incomplete", "response.failed" -> terminal(type, root);
            case "error" -> state.error(root.path("error").isObject() ? root.path("error") : root);
            default -> {
                // output_item / content_part / *.done events repeat what the deltas already gave.
            }
        }
    }

    private void terminal(String type, JsonNode root) {
        state.complete();
        JsonNode response = root.path("response");
        state.servedModel(response);
        JsonNode reported = response.get("usage");
        if (reported != null && reported.isObject()) {
            usage = UsageMapping.responses(reported);
        }
        JsonNode error = response.path("error");
        if ("response.failed".equals(type) && error.isObject()) {
            state.error(error);
        }
    }

    @Override
    public StreamUsage result() {
        return state.result(usage);
    }
}
