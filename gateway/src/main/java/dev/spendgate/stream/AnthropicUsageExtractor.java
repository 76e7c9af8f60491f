package dev.spendgate.stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic Messages stream events (semantics.md section 4): {@code message_start} gives input, cache and a
 * provisional output count; {@code message_delta.usage} is cumulative and replaces what it carries (final output
 * is its {@code output_tokens}, never a sum); {@code message_stop} ends the stream; {@code ping} is ignored. After
 * a mid-stream {@code error} event the usage stays what {@code message_start} (and any delta) reported.
 *
 * <p>The scan reads the top-level {@code type} (else the SSE event name decides), then only the object that
 * type needs.
 */
final class AnthropicUsageExtractor extends ScanningExtractor {

    private static final byte[][] TOP = JsonScan.keys("type", "delta", "message", "usage", "error");
    private static final byte[][] DELTA = JsonScan.keys("type", "text", "thinking", "partial_json");
    private static final byte[][] MESSAGE = JsonScan.keys("model", "usage");
    private static final byte[][] ERROR = JsonScan.keys("type", "code");

    private final StreamState state = new StreamState();
    private final AnthropicUsage usage = new AnthropicUsage();
    private final int[] top = new int[TOP.length];
    private final int[] nested = new int[8];

    @Override
    boolean scan(@Nullable String event, byte[] b, int from, int to) {
        if ("ping".equals(event)) {
            return true;
        }
        int start = JsonScan.ws(b, from, to);
        if (start == to || b[start] != '{' || JsonScan.object(b, start, to, TOP, top) < 0) {
            return false;
        }
        int type = top[0];
        if (is(b, type, to, "content_block_delta", event)) {
            delta(b, top[1], to);
        } else if (is(b, type, to, "message_start", event)) {
            return messageStart(b, top[2], to);
        } else if (is(b, type, to, "message_delta", event)) {
            return usage.apply(b, top[3], to, nested);
        } else if (is(b, type, to, "message_stop", event)) {
            state.complete();
        } else if (is(b, type, to, "error", event)) {
            int error = top[4];
            if (JsonScan.is(b, error, '{')) {
                JsonScan.lookup(b, error, to, ERROR, nested);
                state.error(b, nested[0], nested[1], to);
            } else {
                state.error(b, JsonScan.ABSENT, JsonScan.ABSENT, to);
            }
        }
        // content_block_start / stop and ping carry nothing billable.
        return true;
    }

    /** Whether the event's type, its data's non-empty {@code type} string else its SSE name, is {@code name}. */
    private static boolean is(byte[] b, int type, int to, String name, @Nullable String event) {
        return JsonText.isNonEmptyString(b, type) ? JsonText.equals(b, type, to, name) : name.equals(event);
    }

    private void delta(byte[] b, int delta, int to) {
        if (!JsonScan.is(b, delta, '{')) {
            return;
        }
        JsonScan.lookup(b, delta, to, DELTA, nested);
        int type = nested[0];
        if (!JsonText.isString(b, type)) {
            return;
        }
        if (JsonText.equals(b, type, to, "text_delta")) {
            state.appendText(b, nested[1], to);
        } else if (JsonText.equals(b, type, to, "thinking_delta")) {
            state.appendText(b, nested[2], to);
        } else if (JsonText.equals(b, type, to, "input_json_delta")) {
            state.appendText(b, nested[3], to);
        }
        // signature_delta is an opaque signature, not generated text.
    }

    private boolean messageStart(byte[] b, int message, int to) {
        if (!JsonScan.is(b, message, '{')) {
            return true;
        }
        JsonScan.lookup(b, message, to, MESSAGE, nested);
        int model = nested[0];
        if (!usage.apply(b, nested[1], to, nested)) {
            return false;
        }
        state.servedModel(b, model, to);
        return true;
    }

    @Override
    void tree(@Nullable String event, String data) {
        if ("ping".equals(event)) {
            return;
        }
        JsonNode root = Json.parseObject(data);
        if (root == null) {
            return;
        }
        String type = UsageMapping.eventType(root, event);
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
