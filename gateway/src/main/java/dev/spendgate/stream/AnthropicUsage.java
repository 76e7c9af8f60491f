package dev.spendgate.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.metering.TokenUsage;

/**
 * Accumulates Anthropic Messages usage (semantics.md section 4). {@code input_tokens} excludes cache reads and
 * writes, so fields map directly. In a stream, {@code message_start.message.usage} comes first and
 * {@code message_delta.usage} is cumulative (ASDK {@code MessageDeltaUsage}): every field it carries replaces
 * the earlier value, output included; nothing is ever added. Fields that are absent or null keep their value.
 */
final class AnthropicUsage {

    private long input;
    private long cacheRead;
    private long cacheCreation;
    private long ephemeral5m;
    private long ephemeral1h;
    private boolean ttlBreakdown;
    private long output;
    private long thinking;
    private boolean seen;

    /** Applies one usage object; a non-object (null, missing) is ignored. */
    void apply(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        seen = true;
        input = replace(usage, "input_tokens", input);
        cacheRead = replace(usage, "cache_read_input_tokens", cacheRead);
        cacheCreation = replace(usage, "cache_creation_input_tokens", cacheCreation);
        output = replace(usage, "output_tokens", output);
        thinking = replace(usage.path("output_tokens_details"), "thinking_tokens", thinking);
        JsonNode ttl = usage.path("cache_creation");
        if (ttl.isObject()) {
            ttlBreakdown = true;
            ephemeral5m = replace(ttl, "ephemeral_5m_input_tokens", ephemeral5m);
            ephemeral1h = replace(ttl, "ephemeral_1h_input_tokens", ephemeral1h);
        }
    }

    /** Whether any usage object was applied. */
    boolean seen() {
        return seen;
    }

    /**
     * The normalised usage. Without a TTL breakdown all cache creation is billed at the 5-minute rate; with one,
     * a cache-creation total above the breakdown (a later cumulative total without breakdown) counts as 5m.
     */
    TokenUsage toTokenUsage() {
        long write1h = ttlBreakdown ? ephemeral1h : 0;
        long write5m = ttlBreakdown ? Math.max(ephemeral5m, cacheCreation - ephemeral1h) : cacheCreation;
        return new TokenUsage(input, cacheRead, Math.max(0, write5m), write1h, output, thinking);
    }

    private static long replace(JsonNode node, String field, long current) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? Math.max(0, value.asLong()) : current;
    }
}
