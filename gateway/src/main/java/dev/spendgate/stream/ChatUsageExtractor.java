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
 *
 * <p>Every chunk names the model and most carry text, so every chunk is read; the scan reads the top-level
 * {@code model}, {@code usage}, {@code error} and {@code choices} in one pass over the bytes.
 */
final class ChatUsageExtractor extends ScanningExtractor {

    private static final String DONE = "[DONE]";
    private static final byte[] DONE_BYTES = {'[', 'D', 'O', 'N', 'E', ']'};
    private static final byte[][] TOP = JsonScan.keys("model", "usage", "error", "choices");
    private static final byte[][] CHOICE = JsonScan.keys("delta", "text");
    private static final byte[][] DELTA = JsonScan.keys("content", "refusal", "tool_calls");
    private static final byte[][] CALL = JsonScan.keys("function");
    private static final byte[][] FUNCTION = JsonScan.keys("arguments");
    private static final byte[][] ERROR = JsonScan.keys("type", "code");

    private final StreamState state = new StreamState();
    private final int[] top = new int[TOP.length];
    private final int[] nested = new int[4];
    private @Nullable TokenUsage usage;

    @Override
    boolean scan(@Nullable String event, byte[] b, int from, int to) {
        if (to - from == DONE_BYTES.length && JsonScan.regionEquals(b, from, DONE_BYTES)) {
            state.complete();
            return true;
        }
        int start = JsonScan.ws(b, from, to);
        if (start == to || b[start] != '{' || JsonScan.object(b, start, to, TOP, top) < 0) {
            return false;
        }
        int model = top[0];
        int reported = top[1];
        int error = top[2];
        int choices = top[3];
        TokenUsage scanned = null;
        if (JsonScan.is(b, reported, '{')) {
            scanned = UsageMapping.chat(b, reported, to, nested);
            if (scanned == null) {
                return false;
            }
        }
        if (!appendChoices(b, choices, to)) {
            return false;
        }
        state.servedModel(b, model, to);
        if (scanned != null) {
            usage = scanned;
        }
        if (JsonScan.is(b, error, '{')) {
            JsonScan.lookup(b, error, to, ERROR, nested);
            state.error(b, nested[0], nested[1], to);
        }
        return true;
    }

    /**
     * The text of every choice, in order; false, with the text as it was, for {@code choices} or
     * {@code tool_calls} given as an object, whose values a tree would iterate.
     */
    private boolean appendChoices(byte[] b, int choices, int to) {
        if (JsonScan.is(b, choices, '{')) {
            return false;
        }
        if (!JsonScan.is(b, choices, '[')) {
            return true;
        }
        int mark = state.textLength();
        for (int i = JsonScan.first(b, choices, to); i >= 0; i = JsonScan.next(b, i, to)) {
            if (b[i] == '{' && !appendChoiceText(b, i, to)) {
                state.truncateText(mark);
                return false;
            }
        }
        return true;
    }

    private boolean appendChoiceText(byte[] b, int choice, int to) {
        JsonScan.lookup(b, choice, to, CHOICE, nested);
        int delta = nested[0];
        int text = nested[1];
        if (JsonScan.is(b, delta, '{')) {
            JsonScan.lookup(b, delta, to, DELTA, nested);
            int toolCalls = nested[2];
            state.appendText(b, nested[0], to);
            state.appendText(b, nested[1], to);
            if (JsonScan.is(b, toolCalls, '{')) {
                return false;
            }
            if (JsonScan.is(b, toolCalls, '[')) {
                appendArguments(b, toolCalls, to);
            }
        }
        // Legacy /v1/completions chunks carry the text directly on the choice.
        state.appendText(b, text, to);
        return true;
    }

    private void appendArguments(byte[] b, int calls, int to) {
        for (int i = JsonScan.first(b, calls, to); i >= 0; i = JsonScan.next(b, i, to)) {
            if (b[i] == '{') {
                JsonScan.lookup(b, i, to, CALL, nested);
                if (JsonScan.is(b, nested[0], '{')) {
                    JsonScan.lookup(b, nested[0], to, FUNCTION, nested);
                    state.appendText(b, nested[0], to);
                }
            }
        }
    }

    @Override
    void tree(@Nullable String event, String data) {
        if (DONE.equals(data)) {
            state.complete();
            return;
        }
        JsonNode root = Json.parseObject(data);
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
