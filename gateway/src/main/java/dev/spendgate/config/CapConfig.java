package dev.spendgate.config;

import org.jspecify.annotations.Nullable;

/**
 * Per-request caps.
 *
 * @param name            unique name
 * @param match           which requests it applies to
 * @param maxInputTokens  largest accepted input (counted with the tokenizer), or null
 * @param overflowModel   a larger-context model alias to route to when the input is over the cap, or null to refuse
 *                        with 413
 * @param maxOutputTokens the request's output cap field (max_tokens, max_completion_tokens, max_output_tokens) is
 *                        lowered to this; set when the request has none
 */
public record CapConfig(
        String name,
        MatchConfig match,
        @Nullable Long maxInputTokens,
        @Nullable String overflowModel,
        @Nullable Long maxOutputTokens) {
}
