package dev.spendgate.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.metering.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * Maps OpenAI usage objects onto {@link TokenUsage} (semantics.md sections 1 to 3). OpenAI counts are inclusive:
 * {@code cached_tokens} (and {@code cache_write_tokens}) are inside the prompt count and {@code reasoning_tokens}
 * inside the completion count, so the uncached input is a difference and nothing is added twice. Detail objects
 * and their fields are optional (missing = 0). Anthropic's cumulative usage is handled by
 * {@link AnthropicUsage}.
 */
final class UsageMapping {

    private UsageMapping() {
    }

    /** Chat Completions and legacy Completions {@code CompletionUsage}. */
    static TokenUsage chat(JsonNode usage) {
        return inclusive(usage, "prompt_tokens", "prompt_tokens_details",
                "completion_tokens", "completion_tokens_details");
    }

    /** Responses API {@code ResponseUsage}: same rules as chat under different names. */
    static TokenUsage responses(JsonNode usage) {
        return inclusive(usage, "input_tokens", "input_tokens_details",
                "output_tokens", "output_tokens_details");
    }

    /** Embeddings: {@code prompt_tokens} only; no output. */
    static TokenUsage embeddings(JsonNode usage) {
        return new TokenUsage(count(usage, "prompt_tokens"), 0, 0, 0, 0, 0);
    }

    private static TokenUsage inclusive(JsonNode usage, String in, String inDetails, String out, String outDetails) {
        long prompt = count(usage, in);
        JsonNode details = usage.path(inDetails);
        long cached = count(details, "cached_tokens");
        long cacheWrite = count(details, "cache_write_tokens");
        long output = count(usage, out);
        long reasoning = count(usage.path(outDetails), "reasoning_tokens");
        // Clamp: an odd upstream must not make TokenUsage throw on the hot path.
        long uncached = Math.max(0, prompt - cached - cacheWrite);
        return new TokenUsage(uncached, cached, cacheWrite, 0, output, reasoning);
    }

    /** A non-negative integer field, or 0 when missing, null or not a number. */
    static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? Math.max(0, value.asLong()) : 0;
    }

    /** A non-empty string field, or null. */
    static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    /** An event's type: the data's {@code type} field, else the SSE {@code event:} name, else empty. */
    static String eventType(JsonNode root, SseEvent e) {
        String type = text(root, "type");
        if (type != null) {
            return type;
        }
        return e.event() != null ? e.event() : "";
    }
}
