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

    private static final byte[][] USAGE = JsonScan.keys("input_tokens", "cache_read_input_tokens",
            "cache_creation_input_tokens", "output_tokens", "output_tokens_details", "cache_creation");
    private static final byte[][] OUTPUT_DETAILS = JsonScan.keys("thinking_tokens");
    private static final byte[][] TTL = JsonScan.keys("ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens");

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

    /**
     * {@link #apply(JsonNode)} for the value at {@code at} in {@code b} (validated by {@link JsonScan}). Returns
     * false, having changed nothing, when a count is a number only Jackson maps exactly (a fraction, an exponent,
     * 19+ digits). {@code f} holds at least 6 ints.
     */
    boolean apply(byte[] b, int at, int end, int[] f) {
        if (!JsonScan.is(b, at, '{')) {
            return true;
        }
        JsonScan.object(b, at, end, USAGE, f);
        long newInput = JsonText.count(b, f[0], end);
        long newCacheRead = JsonText.count(b, f[1], end);
        long newCacheCreation = JsonText.count(b, f[2], end);
        long newOutput = JsonText.count(b, f[3], end);
        int details = f[4];
        int ttl = f[5];
        long newThinking = JsonText.NOT_A_NUMBER;
        if (JsonScan.is(b, details, '{')) {
            JsonScan.object(b, details, end, OUTPUT_DETAILS, f);
            newThinking = JsonText.count(b, f[0], end);
        }
        long new5m = JsonText.NOT_A_NUMBER;
        long new1h = JsonText.NOT_A_NUMBER;
        boolean hasTtl = JsonScan.is(b, ttl, '{');
        if (hasTtl) {
            JsonScan.object(b, ttl, end, TTL, f);
            new5m = JsonText.count(b, f[0], end);
            new1h = JsonText.count(b, f[1], end);
        }
        if (newInput == JsonText.UNSUPPORTED || newCacheRead == JsonText.UNSUPPORTED
                || newCacheCreation == JsonText.UNSUPPORTED || newOutput == JsonText.UNSUPPORTED
                || newThinking == JsonText.UNSUPPORTED || new5m == JsonText.UNSUPPORTED
                || new1h == JsonText.UNSUPPORTED) {
            return false;
        }
        seen = true;
        input = replace(newInput, input);
        cacheRead = replace(newCacheRead, cacheRead);
        cacheCreation = replace(newCacheCreation, cacheCreation);
        output = replace(newOutput, output);
        thinking = replace(newThinking, thinking);
        if (hasTtl) {
            ttlBreakdown = true;
            ephemeral5m = replace(new5m, ephemeral5m);
            ephemeral1h = replace(new1h, ephemeral1h);
        }
        return true;
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

    private static long replace(long count, long current) {
        return count >= 0 ? count : current;
    }

    private static long replace(JsonNode node, String field, long current) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? UsageMapping.count(value) : current;
    }
}
