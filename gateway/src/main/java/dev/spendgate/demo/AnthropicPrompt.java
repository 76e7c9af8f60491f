package dev.spendgate.demo;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Prompt tokens of a Messages request and its cacheable prefix. Anthropic caches the prefix up to the last
 * {@code cache_control} breakpoint, in the order tools, system, messages (prompt caching docs); nothing is cached
 * without a breakpoint or below 1024 tokens. The breakpoint's {@code ttl} ({@code 5m} default, or {@code 1h})
 * decides which write bucket the tokens fall into.
 */
record AnthropicPrompt(int total, int cacheablePrefix, boolean oneHour) {

    private static final int PER_MESSAGE = 3;

    static AnthropicPrompt of(JsonNode body) {
        Walker walker = new Walker();
        for (JsonNode tool : body.path("tools")) {
            walker.add(SimTokens.text(tool.toString()), tool);
        }
        JsonNode system = body.path("system");
        if (system.isTextual()) {
            walker.add(SimTokens.text(system.asText()), system);
        } else {
            for (JsonNode block : system) {
                walker.add(SimTokens.content(block.path("text")), block);
            }
        }
        for (JsonNode message : body.path("messages")) {
            walker.add(PER_MESSAGE, message);
            JsonNode content = message.path("content");
            if (content.isArray()) {
                for (JsonNode block : content) {
                    walker.add(SimTokens.part(block), block);
                }
            } else {
                walker.add(SimTokens.content(content), content);
            }
        }
        boolean cacheable = walker.prefix >= SimTokens.MIN_CACHEABLE;
        return new AnthropicPrompt(walker.total, cacheable ? walker.prefix : 0, walker.oneHour);
    }

    /** Splits the prompt into uncached input, cache read and cache write for a cached share. */
    SimUsage usage(double cachedFraction, int output) {
        int read = (int) Math.floor(cacheablePrefix * Math.max(0, Math.min(1.0, cachedFraction)));
        int write = cacheablePrefix - read;
        return new SimUsage(total, read, oneHour ? 0 : write, oneHour ? write : 0, output, 0);
    }

    /** Accumulates tokens in prompt order and remembers the total at the last breakpoint. */
    private static final class Walker {
        private int total;
        private int prefix;
        private boolean oneHour;

        void add(int tokens, JsonNode node) {
            total += tokens;
            JsonNode control = node.path("cache_control");
            if (control.isObject()) {
                prefix = total;
                oneHour = "1h".equals(control.path("ttl").asText());
            }
        }
    }
}
