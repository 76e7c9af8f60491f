package dev.spendgate.config;

import dev.spendgate.attribution.Dimension;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One budget. Its utilisation is the largest of spent/limit over the limits it has (USD, tokens, requests),
 * counting reservations of requests in flight.
 *
 * @param name           unique name (metric label, error messages, admin API)
 * @param match          which requests it applies to (and is charged for)
 * @param per            split into one budget per value of this dimension (e.g. customer), or null for one
 * @param window         the window spend is counted over
 * @param limitUsd       USD limit per window, or null
 * @param limitTokens    token limit (input + output, all types) per window, or null
 * @param limitRequests  request limit per window, or null
 * @param enforce        false = shadow mode: evaluate and record what would happen, change nothing
 * @param actions        the ladder, ascending by threshold (e.g. 0.8 warn, 0.9 downgrade, 1.0 block)
 * @param clampMinTokens when set: instead of blocking a request whose worst-case cost does not fit, lower its
 *                       output cap to what the remaining budget pays for, down to this many tokens
 */
public record BudgetConfig(
        String name,
        MatchConfig match,
        @Nullable Dimension per,
        WindowSpec window,
        @Nullable BigDecimal limitUsd,
        @Nullable Long limitTokens,
        @Nullable Long limitRequests,
        boolean enforce,
        List<LadderStep> actions,
        @Nullable Long clampMinTokens) {
}
