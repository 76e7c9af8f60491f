package dev.spendgate.translate;

import org.jspecify.annotations.Nullable;

/** OpenAI {@code finish_reason} and Anthropic {@code stop_reason}, both ways. */
final class StopReasons {

    private StopReasons() {
    }

    /**
     * Anthropic to OpenAI. {@code pause_turn} (a server tool paused; never reached since server tools are refused)
     * and unknown reasons read as {@code stop}; {@code refusal} is OpenAI's {@code content_filter}.
     */
    static String toFinishReason(@Nullable String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /**
     * OpenAI to Anthropic. OpenAI does not say whether {@code stop} came from a stop sequence, so it is
     * {@code end_turn}.
     */
    static String toStopReason(@Nullable String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }
}
