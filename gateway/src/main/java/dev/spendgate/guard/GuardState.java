package dev.spendgate.guard;

import dev.spendgate.api.ApiFormat;
import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.config.RateLimitConfig;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Guardrail state that outlives config snapshots: the budget store (budgets whose counting did not change keep
 * their spend across a reload) and the rate limiter's counters (limits whose definition did not change keep
 * theirs). Built once per process.
 */
public final class GuardState {

    /** Rate-limit members (e.g. customers) tracked at most; about 1 KB each. */
    public static final long MAX_RATE_MEMBERS = 200_000;

    private final BudgetStore store;
    private final Clock clock;
    private final @Nullable SharedRates sharedRates;
    private @Nullable RateLimiter rates;

    /** State over {@code store}, with {@code clock} for windows and limits. */
    public GuardState(BudgetStore store, Clock clock) {
        this(store, clock, null);
    }

    /** State over {@code store}, rate limits counted in {@code sharedRates} (null: in this process). */
    public GuardState(BudgetStore store, Clock clock, @Nullable SharedRates sharedRates) {
        this.store = store;
        this.clock = clock;
        this.sharedRates = sharedRates;
    }

    /** The rate limiter for a snapshot's limits, carrying over the counters of unchanged limits. */
    public synchronized RateLimiter rateLimiter(List<RateLimitConfig> limits) {
        rates = rates == null ? new RateLimiter(limits, clock, MAX_RATE_MEMBERS, sharedRates)
                : rates.withLimits(limits);
        return rates;
    }

    /** The budget guard for a snapshot's budgets, over the long-lived store. */
    public BudgetGuard budgetGuard(List<BudgetConfig> budgets, GatewayConfig config) {
        Map<String, ApiFormat> formats = new HashMap<>();
        for (ModelConfig m : config.models().values()) {
            formats.put(m.alias(), config.providers().get(m.provider()).type().format());
        }
        return new BudgetGuard(budgets, config.models(), formats, store, config.guardrails().timeZone(), clock);
    }

    /** The store. */
    public BudgetStore store() {
        return store;
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }
}
