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
                + budget.config().window() + ". It resets in " + secondsToReset(now) + " s (" + window.resetsAt()
                + "). Wait, or ask the gateway's operators to raise guardrails.budgets[" + name() + "].";
    }

    /** Whole seconds from {@code now} until the window resets, rounded up (0 once it has). */
    long secondsToReset(Instant now) {
        Duration left = Duration.between(now, window.resetsAt());
        if (left.isNegative() || left.isZero()) {
            return 0;
        }
        return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
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
