package dev.spendgate.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.metering.TokenUsage;
import org.jspecify.annotations.Nullable;

/** The parts of a {@link StreamUsage} every provider format fills the same way. */
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

    /** Records the model named by the provider; empty names (Azure's content-filter chunk) are ignored. */
    void servedModel(JsonNode node) {
        String model = UsageMapping.text(node, "model");
        if (model != null) {
            servedModel = model;
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

    StreamUsage result(@Nullable TokenUsage usage) {
        return new StreamUsage(usage, servedModel, outputText.toString(), complete, errorType);
    }
}
