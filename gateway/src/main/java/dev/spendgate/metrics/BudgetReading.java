package dev.spendgate.metrics;

import dev.spendgate.config.LadderStep;
import dev.spendgate.config.WindowSpec;
import dev.spendgate.guard.Amount;
import dev.spendgate.guard.CompiledBudget;
import dev.spendgate.guard.MemberState;
import dev.spendgate.guard.WindowRef;
import dev.spendgate.guard.WindowState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * One budget read at one instant, as budget metrics and {@code GET /admin/budgets} show it.
 *
 * <p>For a {@code per:} budget, every member is in the same window (calendar and rolling windows depend on the
 * instant only), so {@link #window()} is every member's window; the aggregates follow the tightest member: the
 * utilisation is the largest over members and the remaining amount the smallest, since that member is the one
 * the ladder acts on first.
 *
 * @param budget  the budget
 * @param window  the current window (for a {@code per:} budget: each member's)
 * @param now     the instant read
 * @param members an unsplit budget: exactly one, {@code ""}; a {@code per:} budget: the members with anything
 *                spent or reserved in the window, largest committed USD first
 */
public record BudgetReading(CompiledBudget budget, WindowRef window, Instant now, List<MemberState> members) {

    /** Whether the budget is split {@code per:} a dimension. */
    public boolean split() {
        return budget.config().per() != null;
    }

    /**
     * The window as configured, for labels: {@code day}, {@code week}, {@code month}, or {@code rolling} and the
     * length in its largest whole unit ({@code rolling 1h}, {@code rolling 90m}, {@code rolling 7d}).
     */
    public String windowLabel() {
        WindowSpec spec = budget.config().window();
        Duration d = spec.rolling();
        if (spec.kind() != WindowSpec.Kind.ROLLING || d == null) {
            return spec.toString();
        }
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        int i = 0;
        while (ms % sizes[i] != 0) {
            i++;
        }
        return "rolling " + ms / sizes[i] + units[i];
    }

    /** Spent and reserved, summed over the members. */
    public WindowState total() {
        Amount spent = Amount.ZERO;
        Amount reserved = Amount.ZERO;
        for (MemberState m : members) {
            spent = spent.plus(m.state().spent());
            reserved = reserved.plus(m.state().reserved());
        }
        return new WindowState(spent, reserved);
    }

    /** Committed (spent + reserved) against the limits, as the ladder measures it; the largest over members. */
    public double utilisation() {
        double max = 0;
        for (MemberState m : members) {
            max = Math.max(max, utilisation(m));
        }
        return max;
    }

    /** One member's utilisation (committed against the per-member limits). */
    public double utilisation(MemberState member) {
        return budget.limits().utilisation(member.state().committed());
    }

    /** Members whose utilisation has reached {@code threshold}. */
    public long membersAtOrAbove(double threshold) {
        return members.stream().filter(m -> utilisation(m) >= threshold).count();
    }

    /** The threshold of the first ladder step taking {@code action}, or null when the ladder has none. */
    public @Nullable Double threshold(LadderStep.Action action) {
        return budget.config().actions().stream().filter(s -> s.action() == action).findFirst()
                .map(s -> s.at().doubleValue()).orElse(null);
    }

    /** USD the tightest member may still commit (at least 0); null without a USD limit. */
    public @Nullable BigDecimal remainingUsd() {
        BigDecimal limit = budget.limits().usd();
        if (limit == null) {
            return null;
        }
        BigDecimal max = BigDecimal.ZERO;
        for (MemberState m : members) {
            max = max.max(m.state().committed().usd());
        }
        return limit.subtract(max).max(BigDecimal.ZERO);
    }

    /** Tokens the tightest member may still commit (at least 0); null without a token limit. */
    public @Nullable Long remainingTokens() {
        return remaining(budget.limits().tokens(), Amount::tokens);
    }

    /** Requests the tightest member may still make (at least 0); null without a request limit. */
    public @Nullable Long remainingRequests() {
        return remaining(budget.limits().requests(), Amount::requests);
    }

    /**
     * Spent USD projected to the window's end, linear on the window so far ({@code spent / elapsed * length}) for
     * calendar windows; a rolling window has no end to project to, so it is the spend itself. Early in a window
     * the projection is noisy (a single request in the first minute of a day extrapolates 1440-fold): alert on
     * it with a {@code for:} duration.
     */
    public double projectedUsd() {
        double spent = total().spent().usd().doubleValue();
        if (budget.config().window().kind() == WindowSpec.Kind.ROLLING) {
            return spent;
        }
        long elapsed = Duration.between(window.start(), now).toMillis();
        long length = Duration.between(window.start(), window.resetsAt()).toMillis();
        return elapsed <= 0 ? spent : spent / elapsed * length;
    }

    /** Whether a window state holds nothing (no spend, no reservation). */
    static boolean isEmpty(WindowState s) {
        return isZero(s.spent()) && isZero(s.reserved());
    }

    private static boolean isZero(Amount a) {
        return a.usd().signum() == 0 && a.tokens() == 0 && a.requests() == 0;
    }

    private @Nullable Long remaining(@Nullable Long limit, ToLongFunction<Amount> field) {
        if (limit == null) {
            return null;
        }
        long max = 0;
        for (MemberState m : members) {
            max = Math.max(max, field.applyAsLong(m.state().committed()));
        }
        return Math.max(0, limit - max);
    }
}
