package dev.spendgate.config;

import dev.spendgate.attribution.Dimension;
import java.time.ZoneId;
import java.util.List;

/**
 * Usage guardrails: budgets, rate limits, per-request caps, gateway API keys and required attribution.
 *
 * @param timeZone         the zone calendar windows (day, week, month) are aligned to; default UTC
 * @param defaultOutputCap output tokens assumed when a request sets no output cap (for the worst-case reservation)
 * @param require          attribution dimensions every request must carry (400 without); default none
 * @param budgets          spend/token/request budgets, in YAML order
 * @param rateLimits       requests-per-minute and tokens-per-minute limits
 * @param caps             per-request input/output caps
 * @param keys             gateway API keys; when non-empty every request needs one (401 without)
 */
public record GuardrailsConfig(
        ZoneId timeZone,
        long defaultOutputCap,
        List<Dimension> require,
        List<BudgetConfig> budgets,
        List<RateLimitConfig> rateLimits,
        List<CapConfig> caps,
        List<KeyConfig> keys) {

    /** No guardrails at all. */
    public static GuardrailsConfig none() {
        return new GuardrailsConfig(ZoneId.of("UTC"), 4096, List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
