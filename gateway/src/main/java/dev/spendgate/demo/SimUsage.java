package dev.spendgate.demo;

/**
 * The token counts of one simulated call, provider-neutral. {@code prompt} is every input token, cache included;
 * OpenAI reports it as {@code prompt_tokens} with {@code cacheRead} inside it, Anthropic reports
 * {@link #uncachedInput()} as {@code input_tokens} with the cache counts beside it (semantics.md 1 and 4).
 * {@code reasoning} is inside {@code output}.
 */
record SimUsage(int prompt, int cacheRead, int cacheWrite5m, int cacheWrite1h, int output, int reasoning) {

    /** Input tokens that were neither read from nor written to a cache. */
    int uncachedInput() {
        return prompt - cacheRead - cacheWrite5m - cacheWrite1h;
    }

    int cacheWrite() {
        return cacheWrite5m + cacheWrite1h;
    }

    int total() {
        return prompt + output;
    }
}
