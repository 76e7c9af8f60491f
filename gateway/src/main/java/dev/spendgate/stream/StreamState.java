package dev.spendgate.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.metering.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a {@link StreamUsage} every provider format fills the same way, from a Jackson tree or from the
 * positions {@link JsonScan} found in an event's bytes (both give the same values).
 */
final class StreamState {

    /** Bound of the accumulated output text: 1 Mi chars, far above any single response's text in practice. */
    static final int MAX_OUTPUT_CHARS = 1 << 20;

    private final StringBuilder outputText = new StringBuilder();
    private @Nullable String servedModel;
    private boolean complete;
    private @Nullable String errorType;

    /** Appends generated text until the bound is reached, then drops the rest. */
    void appendText(JsonNode value) {
        if (!value.isTextual() || outputText.length() >= MAX_OUTPUT_CHARS) {
            return;
        }
        String text = value.asText();
        int room = MAX_OUTPUT_CHARS - outputText.length();
        outputText.append(text, 0, Math.min(room, text.length()));
    }

    /** {@link #appendText(JsonNode)} for the value at {@code at} in {@code b}: only a string is appended. */
    void appendText(byte[] b, int at, int end) {
        if (JsonText.isString(b, at) && outputText.length() < MAX_OUTPUT_CHARS) {
            JsonText.append(b, at, end, outputText, MAX_OUTPUT_CHARS);
        }
    }

    /** The length of the text so far, to undo appends with {@link #truncateText} when an event is read again. */
    int textLength() {
        return outputText.length();
    }

    void truncateText(int length) {
        outputText.setLength(length);
    }

    /** Records the model named by the provider; empty names (Azure's content-filter chunk) are ignored. */
    void servedModel(JsonNode node) {
        String model = UsageMapping.text(node, "model");
        if (model != null) {
            servedModel = model;
        }
    }

    /**
     * {@link #servedModel(JsonNode)} for the value at {@code at}, the {@code model} of an object: a non-empty
     * string. The same model on every chunk is compared, not decoded again.
     */
    void servedModel(byte[] b, int at, int end) {
        if (JsonText.isNonEmptyString(b, at) && (servedModel == null || !JsonText.equals(b, at, end, servedModel))) {
            servedModel = JsonText.decode(b, at, end);
        }
    }

    void complete() {
        complete = true;
    }

    /** Records a mid-stream error from an {@code error} object's {@code type}, else its {@code code}. */
    void error(JsonNode error) {
        String type = UsageMapping.text(error, "type");
        if (type == null || "error".equals(type)) {
            type = UsageMapping.text(error, "code");
        }
        errorType = type != null ? type : "error";
    }

    /** {@link #error(JsonNode)} for an error whose {@code type} and {@code code} values are at these positions. */
    void error(byte[] b, int typeAt, int codeAt, int end) {
        String type = JsonText.isNonEmptyString(b, typeAt) ? JsonText.decode(b, typeAt, end) : null;
        if (type == null || "error".equals(type)) {
            type = JsonText.isNonEmptyString(b, codeAt) ? JsonText.decode(b, codeAt, end) : null;
        }
        errorType = type != null ? type : "error";
    }

    StreamUsage result(@Nullable TokenUsage usage) {
        return new StreamUsage(usage, servedModel, outputText.toString(), complete, errorType);
    }
}
