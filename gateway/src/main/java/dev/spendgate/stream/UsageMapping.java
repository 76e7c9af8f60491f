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

    private static final byte[][] CHAT = JsonScan.keys("prompt_tokens", "prompt_tokens_details",
            "completion_tokens", "completion_tokens_details");
    private static final byte[][] RESPONSES = JsonScan.keys("input_tokens", "input_tokens_details",
            "output_tokens", "output_tokens_details");
    private static final byte[][] INPUT_DETAILS = JsonScan.keys("cached_tokens", "cache_write_tokens");
    private static final byte[][] OUTPUT_DETAILS = JsonScan.keys("reasoning_tokens");
    private static final byte[][] EMBEDDINGS = JsonScan.keys("prompt_tokens");

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
        return inclusive(prompt, cached, cacheWrite, output, reasoning);
    }

    /**
     * {@link #chat(JsonNode)} for the usage object at {@code at} in {@code b} (validated by {@link JsonScan}), or
     * null when a count is a number only Jackson maps exactly (a fraction, an exponent, 19+ digits).
     * {@code scratch} holds at least 4 ints.
     */
    static @Nullable TokenUsage chat(byte[] b, int at, int end, int[] scratch) {
        return inclusive(b, at, end, CHAT, scratch);
    }

    /** {@link #responses(JsonNode)} from bytes, as {@link #chat(byte[], int, int, int[])}. */
    static @Nullable TokenUsage responses(byte[] b, int at, int end, int[] scratch) {
        return inclusive(b, at, end, RESPONSES, scratch);
    }

    /** {@link #embeddings(JsonNode)} from bytes, as {@link #chat(byte[], int, int, int[])}. */
    static @Nullable TokenUsage embeddings(byte[] b, int at, int end, int[] scratch) {
        JsonScan.object(b, at, end, EMBEDDINGS, scratch);
        long prompt = JsonText.count(b, scratch[0], end);
        return prompt == JsonText.UNSUPPORTED ? null : new TokenUsage(zero(prompt), 0, 0, 0, 0, 0);
    }

    private static @Nullable TokenUsage inclusive(byte[] b, int at, int end, byte[][] keys, int[] f) {
        JsonScan.object(b, at, end, keys, f);
        long prompt = JsonText.count(b, f[0], end);
        long output = JsonText.count(b, f[2], end);
        int inDetails = f[1];
        int outDetails = f[3];
        long cached = 0;
        long cacheWrite = 0;
        if (JsonScan.is(b, inDetails, '{')) {
            JsonScan.object(b, inDetails, end, INPUT_DETAILS, f);
            cached = JsonText.count(b, f[0], end);
            cacheWrite = JsonText.count(b, f[1], end);
        }
        long reasoning = 0;
        if (JsonScan.is(b, outDetails, '{')) {
            JsonScan.object(b, outDetails, end, OUTPUT_DETAILS, f);
            reasoning = JsonText.count(b, f[0], end);
        }
        if (prompt == JsonText.UNSUPPORTED || output == JsonText.UNSUPPORTED || cached == JsonText.UNSUPPORTED
                || cacheWrite == JsonText.UNSUPPORTED || reasoning == JsonText.UNSUPPORTED) {
            return null;
        }
        return inclusive(zero(prompt), zero(cached), zero(cacheWrite), zero(output), zero(reasoning));
    }

    private static long zero(long count) {
        return Math.max(0, count);
    }

    private static TokenUsage inclusive(long prompt, long cached, long cacheWrite, long output, long reasoning) {
        // Cached and cache-write tokens are parts of the prompt: an odd upstream that reports more of them than
        // prompt tokens is clamped to the prompt (never billed beyond it), and never makes TokenUsage throw.
        long read = Math.min(cached, prompt);
        long write = Math.min(cacheWrite, prompt - read);
        return new TokenUsage(prompt - read - write, read, write, 0, output, reasoning);
    }

    /** A non-negative integer field, or 0 when missing, null or not a number. */
    static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? count(value) : 0;
    }

    /**
     * A number as a non-negative count: negatives are 0, and a number beyond a long is {@link Long#MAX_VALUE}
     * rather than Jackson's wrapped {@code asLong()} (2^64 + 100 would read as 100), so the usage stays implausible
     * and is estimated instead.
     */
    static long count(JsonNode number) {
        if (number.canConvertToLong()) {
            return Math.max(0, number.asLong());
        }
        return number.asDouble() < 0 ? 0 : Long.MAX_VALUE;
    }

    /** A non-empty string field, or null. */
    static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    /** An event's type: the data's {@code type} field, else the SSE {@code event:} name, else empty. */
    static String eventType(JsonNode root, @Nullable String event) {
        String type = text(root, "type");
        if (type != null) {
            return type;
        }
        return event != null ? event : "";
    }
}
