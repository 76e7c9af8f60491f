package dev.spendgate.stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Anthropic Messages stream events (semantics.md section 4): {@code message_start} gives input, cache and a
 * provisional output count; {@code message_delta.usage} is cumulative and replaces what it carries (final output
 * is its {@code output_tokens}, never a sum); {@code message_stop} ends the stream; {@code ping} is ignored. After
 * a mid-stream {@code error} event the usage stays what {@code message_start} (and any delta) reported.
 */
final class AnthropicUsageExtractor implements StreamUsageExtractor {

    private final StreamState state = new StreamState();
    private final AnthropicUsage usage = new AnthropicUsage();

    @Override
    public void onEvent(SseEvent e) {
        if ("ping".equals(e.event())) {
            return;
        }
        JsonNode root = Json.parseObject(e.data());
        if (root == null) {
            return;
        }
        String type = UsageMapping.eventType(root, e);
        switch (type) {
            case "content_block_delta" -> delta(root.path("delta"));
            case "message_start" -> {
                JsonNode message = root.path("message");
                state.servedModel(message);
                usage.apply(message.path("usage"));
            }
            case "message_delta" -> usage.apply(root.path("usage"));
            case "message_stop" -> state.complete();
            case "error" -> state.error(root.path("error"));
            default -> {
                // content_block_start / stop and ping carry nothing billable.
            }
        }
    }

    private void delta(JsonNode delta) {
        String type = delta.path("type").asText("");
        switch (type) {
            case "text_delta" -> state.appendText(delta.path("text"));
            case "thinking_delta" -> state.appendText(delta.path("thinking"));
            case "input_json_delta" -> state.appendText(delta.path("partial_json"));
            default -> {
                // signature_delta is an opaque signature, not generated text.
            }
        }
    }

    @Override
    public StreamUsage result() {
        return state.result(usage.seen() ? usage.toTokenUsage() : null);
    }
}
