package dev.spendgate.guard;

import dev.spendgate.config.LadderStep;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One matched budget's window for one request, as seen at evaluation: its state and the ladder step reached.
 *
 * @param budget the budget
 * @param member the {@code per} value, or {@code ""}
 * @param window the window
 * @param state  its totals before this request
 * @param step   the ladder step reached, or null
 */
record BudgetWindow(CompiledBudget budget, String member, WindowRef window, WindowState state,
        @Nullable LadderStep step) {

    String name() {
        return budget.config().name();
    }

    double utilisation() {
        return budget.limits().utilisation(state.committed());
    }

    /** A short value for {@code X-LLM-Budget-Warning}, e.g. {@code free-daily=83%; limit $50 per day}. */
    String describe(Instant now) {
        String who = member.isEmpty() ? "" : " (" + budget.config().per().key() + " " + member + ")";
        return name() + who + " at " + percent(utilisation()) + " of " + limitText() + " per "
                + budget.config().window() + "; resets in " + secondsToReset(now) + " s";
    }

    /** The message of a 429: what is used up, how much, and when it resets. */
    String blockMessage(Instant now, String what) {
        String who = member.isEmpty() ? "" : " for " + budget.config().per().key() + " '" + member + "'";
        return "Budget '" + name() + "'" + who + " " + what + ": " + usedText() + " of " + limitText() + " per "
                + budget.config().window() + ". It resets in " + secondsToReset(now) + " s (" + resetsAt(now)
                + "). Wait, or ask the gateway's operators to raise guardrails.budgets[" + name() + "].";
    }

    /** Whole seconds from {@code now} until the window resets, rounded up (0 once it has). */
    long secondsToReset(Instant now) {
        Duration left = Duration.between(now, resetsAt(now));
        if (left.isNegative() || left.isZero()) {
            return 0;
        }
        return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    }

    /**
     * When the window next frees spend: a calendar window's end; for a rolling window, the end of the current
     * bucket, when the oldest bucket leaves the window. {@link WindowRef#resetsAt()} of a rolling window is one
     * bucket after the window's start, which is already past (that bucket leaves a whole window length later),
     * so it is stepped forward by whole buckets to the first boundary after {@code now}; a reset already in the
     * future is taken as it is.
     */
    Instant resetsAt(Instant now) {
        Instant reset = window.resetsAt();
        long step = Duration.between(window.start(), reset).toMillis();
        if (reset.isAfter(now) || step <= 0) {
            return reset;
        }
        long behind = Duration.between(reset, now).toMillis() / step + 1;
        return reset.plusMillis(behind * step);
    }

    private String usedText() {
        Amount c = state.committed();
        StringBuilder b = new StringBuilder();
        if (budget.limits().usd() != null) {
            b.append('$').append(c.usd().setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
        }
        if (budget.limits().tokens() != null) {
            b.append(b.length() > 0 ? ", " : "").append(c.tokens()).append(" tokens");
        }
        if (budget.limits().requests() != null) {
            b.append(b.length() > 0 ? ", " : "").append(c.requests()).append(" requests");
        }
        return b.append(" spent or reserved").toString();
    }

    private String limitText() {
        Limits l = budget.limits();
        StringBuilder b = new StringBuilder();
        if (l.usd() != null) {
            b.append('$').append(l.usd().stripTrailingZeros().toPlainString());
        }
        if (l.tokens() != null) {
            b.append(b.length() > 0 ? " / " : "").append(l.tokens()).append(" tokens");
        }
        if (l.requests() != null) {
            b.append(b.length() > 0 ? " / " : "").append(l.requests()).append(" requests");
        }
        return b.toString();
    }

    private static String percent(double u) {
        return BigDecimal.valueOf(u * 100).setScale(0, RoundingMode.HALF_UP).toPlainString() + "%";
    }
}
