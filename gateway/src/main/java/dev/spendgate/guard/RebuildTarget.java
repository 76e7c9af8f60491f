package dev.spendgate.guard;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One budget during a rebuild: which buckets its current window sums, and the window a ledger record was charged
 * to. Bucket ids do not depend on the member, so windows are computed for member {@code ""} and renamed.
 *
 * <p>A record counts when the bucket of its charge time is one of the current window's buckets: the same test
 * the store applies when it sums a window, so calendar and rolling windows need no separate cases. The last
 * computed window is kept with the span its newest bucket covers, since ledger lines come roughly in time order
 * and computing a rolling window names all its ~60 buckets.
 */
final class RebuildTarget {

    private final CompiledBudget budget;
    private final ZoneId zone;
    private final WindowRef now;
    private final Set<String> current;
    private @Nullable WindowRef last;
    private long lastFrom = Long.MAX_VALUE;
    private long lastUntil = Long.MIN_VALUE;
    private Amount total = Amount.ZERO;

    RebuildTarget(CompiledBudget budget, ZoneId zone, Instant now) {
        this.budget = budget;
        this.zone = zone;
        this.now = BudgetWindows.windowFor(budget.id(), "", budget.config().window(), zone, now);
        this.current = new HashSet<>(this.now.buckets());
    }

    CompiledBudget budget() {
        return budget;
    }

    /** The earliest instant the current window counts (rolling: the start of its oldest bucket). */
    Instant earliest() {
        return now.start();
    }

    /** The spend added so far. */
    Amount total() {
        return total;
    }

    /**
     * Adds the record's spend to the window it was charged to, when that window's bucket is still counted and the
     * budget matches the record (on any model the guard saw). Returns whether it did.
     */
    boolean charge(LedgerSpend spend, BudgetStore store) {
        WindowRef at = windowAt(spend.startedAt());
        if (at == null || !matches(spend)) {
            return false;
        }
        String member = budget.config().per() == null ? "" : spend.attribution().get(budget.config().per());
        store.addSpent(new WindowRef(at.budget(), member, at.buckets(), at.start(), at.resetsAt(), at.expiresAt()),
                spend.amount());
        total = total.plus(spend.amount());
        return true;
    }

    private boolean matches(LedgerSpend spend) {
        for (String model : spend.guardedModels()) {
            if (Matchers.matches(budget.config().match(), spend.attribution(), model, spend.key())) {
                return true;
            }
        }
        return false;
    }

    /** The window (member {@code ""}) whose newest bucket holds {@code t}, or null when it is not counted now. */
    @Nullable WindowRef windowAt(Instant t) {
        if (t.isBefore(now.start())) {
            return null;
        }
        long millis = t.toEpochMilli();
        WindowRef ref = last;
        if (ref == null || millis < lastFrom || millis >= lastUntil) {
            ref = BudgetWindows.windowFor(budget.id(), "", budget.config().window(), zone, t);
            remember(ref, millis);
        }
        return current.contains(ref.current()) ? ref : null;
    }

    /**
     * Keeps {@code ref} with the span of its newest bucket: a window of n buckets of equal size s starts at the
     * oldest bucket and resets when that one leaves, so s = resetsAt - start and the newest bucket covers
     * [start + (n-1)s, start + ns). A calendar window (n = 1) gives [start, resetsAt). The span is kept only when
     * it holds {@code t}; {@code RebuildTargetTest} checks it against {@link BudgetWindows} for both kinds.
     */
    private void remember(WindowRef ref, long t) {
        long size = ref.resetsAt().toEpochMilli() - ref.start().toEpochMilli();
        long from = ref.start().toEpochMilli() + (ref.buckets().size() - 1) * size;
        boolean holds = size > 0 && from <= t && t < from + size;
        last = ref;
        lastFrom = holds ? from : Long.MAX_VALUE;
        lastUntil = holds ? from + size : Long.MIN_VALUE;
    }
}
