package dev.spendgate.config;

import org.jspecify.annotations.Nullable;

/**
 * Which provider serves unmetered passthrough paths ({@code GET /v1/models}, ...) of each API format.
 *
 * @param openaiProvider    provider id for OpenAI-format passthrough, or null when none is configured
 * @param anthropicProvider provider id for Anthropic-format passthrough, or null when none is configured
 */
public record DefaultsConfig(@Nullable String openaiProvider, @Nullable String anthropicProvider) {
}
