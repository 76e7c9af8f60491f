package dev.spendgate.metering;

/**
 * Normalised token counts of one request, each billed at exactly one rate (semantics.md section 8).
 * Provider counts are mapped so that nothing is counted twice:
 * <ul>
 *   <li>{@code input}: input billed at the full input rate. For OpenAI this is
 *       {@code prompt_tokens - cached_tokens - cache_write_tokens}; for Anthropic it is {@code input_tokens}
 *       (which already excludes cache reads and writes).</li>
 *   <li>{@code cacheRead}: cached input (OpenAI {@code cached_tokens}, Anthropic {@code cache_read_input_tokens}).</li>
 *   <li>{@code cacheWrite5m}, {@code cacheWrite1h}: cache writes by TTL (OpenAI cache writes count as 5m).</li>
 *   <li>{@code output}: all output, reasoning/thinking included.</li>
 *   <li>{@code reasoning}: informational, a subset of {@code output}; never billed separately.</li>
 * </ul>
 */
public record TokenUsage(
        long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output, long reasoning) {

    /** No tokens. */
    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0, 0, 0);

    /** Validates that counts are non-negative and reasoning fits inside output. */
    public TokenUsage {
        if (input < 0 || cacheRead < 0 || cacheWrite5m < 0 || cacheWrite1h < 0 || output < 0 || reasoning < 0) {
            throw new IllegalArgumentException("token counts must be >= 0: " + input + "/" + cacheRead + "/"
                    + cacheWrite5m + "/" + cacheWrite1h + "/" + output + "/" + reasoning);
        }
    }

    /** All input tokens, whatever their rate: the figure long-context tiers are decided on. */
    public long totalInput() {
        return input + cacheRead + cacheWrite5m + cacheWrite1h;
    }

    /** Input plus output. */
    public long total() {
        return totalInput() + output;
    }
}
