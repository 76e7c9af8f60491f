package dev.spendgate.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.metering.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI Responses API events (semantics.md section 2). Usage exists only in {@code response.usage} of the
 * terminal {@code response.completed}, {@code response.incomplete} or {@code response.failed} event (it may be
 * null on failed); {@code response.created} / {@code in_progress} carry {@code "usage":null}. There is no
 * {@code [DONE]}; a mid-stream {@code error} event sets the error type.
 *
 * <p>The scan reads the top-level {@code type} (else the SSE event name decides), then only what that type needs.
 */
final class ResponsesUsageExtractor extends ScanningExtractor {

    private static final byte[][] TOP = JsonScan.keys("type", "delta", "response", "error", "code");
    private static final byte[][] RESPONSE = JsonScan.keys("model", "usage", "error");
    private static final byte[][] ERROR = JsonScan.keys("type", "code");
    private static final String[] DELTAS = {
        "response.output_text.delta", "response.function_call_arguments.delta", "response.refusal.delta"};
    private static final String[] STARTS = {"response.created", "response.in_progress"};
    private static final String[] TERMINALS = {"response.completed", "response.incomplete", "response.failed"};
    private static final String[] ERRORS = {"error"};

    private final StreamState state = new StreamState();
    private final int[] top = new int[TOP.length];
    private final int[] nested = new int[4];
    private @Nullable TokenUsage usage;

    @Override
    boolean scan(@Nullable String event, byte[] b, int from, int to) {
        int start = JsonScan.ws(b, from, to);
        if (start == to || b[start] != '{' || JsonScan.object(b, start, to, TOP, top) < 0) {
            return false;
        }
        int type = top[0];
        if (is(b, type, to, DELTAS, event) >= 0) {
            state.appendText(b, top[1], to);
        } else if (is(b, type, to, STARTS, event) >= 0) {
            int response = top[2];
            if (JsonScan.is(b, response, '{')) {
                JsonScan.lookup(b, response, to, RESPONSE, nested);
                state.servedModel(b, nested[0], to);
            }
        } else {
            int terminal = is(b, type, to, TERMINALS, event);
            if (terminal >= 0) {
                return terminal(terminal == 2, b, top[2], to);
            }
            if (is(b, type, to, ERRORS, event) >= 0) {
                error(b, top[3], top[0], top[4], to);
            }
        }
        // output_item / content_part / *.done events repeat what the deltas already gave.
        return true;
    }

    private boolean terminal(boolean failed, byte[] b, int response, int to) {
        if (!JsonScan.is(b, response, '{')) {
            state.complete();
            return true;
        }
        JsonScan.lookup(b, response, to, RESPONSE, nested);
        int model = nested[0];
        int reported = nested[1];
        int error = nested[2];
        TokenUsage scanned = null;
        if (JsonScan.is(b, reported, '{')) {
            scanned = UsageMapping.responses(b, reported, to, nested);
            if (scanned == null) {
                return false;
            }
            usage = scanned;
        }
        state.complete();
        state.servedModel(b, model, to);
        if (failed && JsonScan.is(b, error, '{')) {
            JsonScan.lookup(b, error, to, ERROR, nested);
            state.error(b, nested[0], nested[1], to);
        }
        return true;
    }

    /** The {@code error} event: its {@code error} object's type and code, else the event's own. */
    private void error(byte[] b, int error, int type, int code, int to) {
        if (JsonScan.is(b, error, '{')) {
            JsonScan.lookup(b, error, to, ERROR, nested);
            state.error(b, nested[0], nested[1], to);
        } else {
            state.error(b, type, code, to);
        }
    }

    /** The index in {@code names} of the event's type (its data's non-empty {@code type}, else its SSE name). */
    private static int is(byte[] b, int type, int to, String[] names, @Nullable String event) {
        boolean fromData = JsonText.isNonEmptyString(b, type);
        for (int k = 0; k < names.length; k++) {
            if (fromData ? JsonText.equals(b, type, to, names[k]) : names[k].equals(event)) {
                return k;
            }
        }
        return -1;
    }

    @Override
    void tree(@Nullable String event, String data) {
        JsonNode root = Json.parseObject(data);
        if (root == null) {
            return;
        }
        String type = UsageMapping.eventType(root, event);
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
