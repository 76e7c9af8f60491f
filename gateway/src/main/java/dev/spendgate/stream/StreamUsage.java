package dev.spendgate.stream;

import dev.spendgate.metering.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * What a streamed response told us about its cost.
 *
 * @param usage       normalised token counts, or null when the stream carried no usage at all (for example an
 *                    OpenAI chat stream without {@code include_usage}, or one cut before its usage chunk)
 * @param servedModel the model the provider names in the stream (price by this, not by the requested alias)
 * @param outputText  generated text accumulated from the deltas (text, thinking, tool-call arguments), bounded;
 *                    used to estimate output tokens when {@code usage} is null
 * @param complete    whether the stream's terminal marker arrived ({@code [DONE]}, {@code response.completed}
 *                    / {@code .incomplete} / {@code .failed}, {@code message_stop})
 * @param errorType   the type of a mid-stream error event (e.g. {@code overloaded_error}), else null
 */
public record StreamUsage(
        @Nullable TokenUsage usage,
        @Nullable String servedModel,
        String outputText,
        boolean complete,
        @Nullable String errorType) {
}
