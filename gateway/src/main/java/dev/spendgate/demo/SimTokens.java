package dev.spendgate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;

/**
 * Deterministic token arithmetic. Prompt tokens come from text length (characters / 4, OpenAI's rule of thumb)
 * plus a small per-message overhead; output tokens are drawn from the request's cap with a seeded random, so the
 * same request and seed always give the same counts.
 */
final class SimTokens {

    /** OpenAI caches only prompts of at least 1024 tokens, then in 128-token steps (prompt caching guide). */
    static final int MIN_CACHEABLE = 1024;
    private static final int CACHE_STEP = 128;
    /** Outputs are drawn below this even when the cap is larger, to keep simulated answers chat-sized. */
    private static final int NATURAL_MAX = 1024;
    /** Tokens billed for an image part; a flat stand-in for the providers' tile formulas. */
    private static final int IMAGE_TOKENS = 85;
    private static final int PER_MESSAGE = 3;

    private SimTokens() {
    }

    /** Tokens of a plain string: ceil(chars / 4), at least 1 for non-empty text. */
    static int text(String s) {
        return s.isEmpty() ? 0 : Math.max(1, (s.length() + 3) / 4);
    }

    /** Tokens of a message {@code content}: a string, or an array of typed parts (text, images, tool data). */
    static int content(JsonNode content) {
        if (content.isTextual()) {
            return text(content.asText());
        }
        if (!content.isArray()) {
            return content.isMissingNode() || content.isNull() ? 0 : text(content.toString());
        }
        int sum = 0;
        for (JsonNode part : content) {
            sum += part(part);
        }
        return sum;
    }

    /** Tokens of one content part or block. */
    static int part(JsonNode part) {
        if (part.isTextual()) {
            return text(part.asText());
        }
        JsonNode text = part.path("text");
        if (text.isTextual()) {
            return text(text.asText());
        }
        String type = part.path("type").asText("");
        if (type.contains("image")) {
            return IMAGE_TOKENS;
        }
        return text(part.toString());
    }

    /** Chat Completions / Responses input: messages with a per-message overhead, plus tool definitions. */
    static int messages(JsonNode messages) {
        if (messages.isTextual()) {
            return text(messages.asText()) + PER_MESSAGE;
        }
        int sum = PER_MESSAGE;
        for (JsonNode message : messages) {
            sum += PER_MESSAGE + content(message.has("content") ? message.path("content") : message);
        }
        return sum;
    }

    /** Tool / function definitions are billed as prompt text. */
    static int tools(JsonNode tools) {
        return tools.isArray() && !tools.isEmpty() ? text(tools.toString()) : 0;
    }

    /** Legacy completions and embeddings: a string, strings, a token array, or token arrays. */
    static int inputs(JsonNode input) {
        if (input.isTextual()) {
            return text(input.asText());
        }
        int sum = 0;
        for (JsonNode item : input) {
            sum += item.isNumber() ? 1 : inputs(item);
        }
        return sum;
    }

    /** OpenAI's automatic cache: the cached share, in 128-token steps from 1024, only for prompts >= 1024. */
    static int openAiCached(int prompt, double fraction) {
        if (prompt < MIN_CACHEABLE || fraction <= 0) {
            return 0;
        }
        int wanted = (int) Math.floor(prompt * Math.min(1.0, fraction));
        int stepped = MIN_CACHEABLE + Math.max(0, wanted - MIN_CACHEABLE) / CACHE_STEP * CACHE_STEP;
        return Math.min(prompt, stepped);
    }

    /**
     * An output length for a cap: a seeded draw between 30% and 110% of min(cap, 1024), clamped to the cap.
     * A draw above the cap is a truncated answer ({@code finish_reason: length}), which happens about one time in
     * eight for modest caps.
     */
    static int output(SplittableRandom rng, int cap) {
        int natural = Math.min(Math.max(1, cap), NATURAL_MAX);
        int drawn = (int) Math.round(natural * (0.3 + 0.8 * rng.nextDouble()));
        return Math.max(1, Math.min(cap, drawn));
    }

    /** The reasoning share of an output (40-70%) for reasoning models, 0 for the others. */
    static int reasoning(SplittableRandom rng, String model, int output) {
        if (!SimModels.reasons(model) || output < 2) {
            return 0;
        }
        int reasoning = (int) Math.round(output * (0.4 + 0.3 * rng.nextDouble()));
        return Math.min(output - 1, reasoning);
    }
}
