package dev.spendgate.guard;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.LadderStep;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CompiledBudget} prepared for the request path of one {@link BudgetGuard}: its match compiled, its
 * current window cached ({@link WindowCache}) and its ladder thresholds multiplied out once. Immutable apart from
 * the window cache, which is thread-safe.
 */
final class PreparedBudget {

    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

    /**
     * One ladder step with its thresholds: a limit kind reaches the step when its use is at least the threshold
     * ({@code never}: no use does, e.g. the limit is not set).
     */
    private record Rung(LadderStep step, @Nullable BigDecimal usdAt, boolean usdAnyUse, long tokensAt,
            boolean tokensNever, long requestsAt, boolean requestsNever) {

        boolean reachedBy(Amount used) {
            if (usdAt != null && (usdAnyUse ? used.usd().signum() > 0 : used.usd().compareTo(usdAt) >= 0)) {
                return true;
            }
            return !tokensNever && used.tokens() >= tokensAt || !requestsNever && used.requests() >= requestsAt;
        }
    }

    final CompiledBudget budget;
    final Matchers.Compiled match;
    /** Index of the first budget of the guard with the same id: a budget id is matched once per request. */
    final int slot;
    private final WindowCache windows;
    private final Rung[] rungs;

    PreparedBudget(CompiledBudget budget, int slot) {
        this.budget = budget;
        this.match = Matchers.compile(budget.config().match());
        this.slot = slot;
        this.windows = new WindowCache(budget.id(), budget.config().window(), budget.zone());
        List<LadderStep> steps = budget.config().actions();
        this.rungs = new Rung[steps.size()];
        for (int i = 0; i < rungs.length; i++) {
            rungs[i] = rung(steps.get(i), budget.limits());
        }
    }

    /** The member of this budget a request belongs to: the {@code per} dimension's value, or {@code ""}. */
    String member(Attribution attribution) {
        return budget.config().per() == null ? "" : attribution.get(budget.config().per());
    }

    /** {@link BudgetWindows#windowFor} of this budget at {@code now}. */
    WindowRef windowFor(String member, Instant now) {
        return windows.windowFor(member, now);
    }

    /** {@link CompiledBudget#stepAt}, compared against thresholds computed once. */
    @Nullable LadderStep stepAt(Amount used) {
        LadderStep reached = null;
        for (Rung r : rungs) {
            if (r.reachedBy(used)) {
                reached = r.step();
            }
        }
        return reached;
    }

    /**
     * The thresholds of {@code step}, exactly as {@link CompiledBudget#stepAt} compares: USD against
     * {@code limit x at}; a count (an integer) is at least {@code limit x at} when it is at least its ceiling;
     * a zero (or negative) limit is reached by any use.
     */
    private static Rung rung(LadderStep step, Limits limits) {
        BigDecimal usdLimit = limits.usd();
        boolean usdAnyUse = usdLimit != null && usdLimit.signum() <= 0;
        BigDecimal usdAt = usdLimit == null ? null : usdAnyUse ? usdLimit : usdLimit.multiply(step.at());
        Long tokens = limits.tokens();
        Long requests = limits.requests();
        return new Rung(step, usdAt, usdAnyUse, atLeast(tokens, step.at()), tokens == null || never(tokens,
                step.at()), atLeast(requests, step.at()), requests == null || never(requests, step.at()));
    }

    /** The least count that reaches {@code limit x at} (1 for a zero limit); clamped to the long range. */
    private static long atLeast(@Nullable Long limit, BigDecimal at) {
        if (limit == null) {
            return Long.MAX_VALUE;
        }
        if (limit <= 0) {
            return 1;
        }
        BigDecimal t = ceiling(limit, at);
        return t.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : t.compareTo(LONG_MIN) < 0 ? Long.MIN_VALUE
                : t.longValueExact();
    }

    /** No count reaches {@code limit x at}: its ceiling is above the long range. */
    private static boolean never(long limit, BigDecimal at) {
        return limit > 0 && ceiling(limit, at).compareTo(LONG_MAX) > 0;
    }

    private static BigDecimal ceiling(long limit, BigDecimal at) {
        return BigDecimal.valueOf(limit).multiply(at).setScale(0, RoundingMode.CEILING);
    }
}
