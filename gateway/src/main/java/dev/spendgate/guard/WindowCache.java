package dev.spendgate.guard;

import dev.spendgate.config.WindowSpec;
import java.time.Instant;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * One budget's current window, derived once per window instead of per request: {@link BudgetWindows#windowFor}
 * builds bucket ids, local dates and zone transitions, while every instant until the window moves on (a calendar
 * window's reset, a rolling window's next bucket) gets the same buckets, start, reset and expiry. So the cache
 * answers exactly what {@code windowFor} answers, with the same bucket id strings (their hashes computed once).
 * Thread-safe: the current window is an immutable value replaced as a whole; racing threads may both derive it.
 */
final class WindowCache {

    /** A window and the instants [from, until) it is the window of. */
    private record Current(WindowRef window, Instant from, Instant until) {
    }

    private final String budgetId;
    private final WindowSpec spec;
    private final ZoneId zone;
    private volatile @Nullable Current current;

    WindowCache(String budgetId, WindowSpec spec, ZoneId zone) {
        this.budgetId = budgetId;
        this.spec = spec;
        this.zone = zone;
    }

    /** {@link BudgetWindows#windowFor}{@code (budgetId, member, spec, zone, now)}. */
    WindowRef windowFor(String member, Instant now) {
        Current c = current;
        if (c == null || now.isBefore(c.from()) || !now.isBefore(c.until())) {
            c = derive(now);
            current = c;
        }
        WindowRef w = c.window();
        return new WindowRef(budgetId, member, w.buckets(), w.start(), w.resetsAt(), w.expiresAt());
    }

    private Current derive(Instant now) {
        WindowRef w = BudgetWindows.windowFor(budgetId, "", spec, zone, now);
        return new Current(w, BudgetWindows.validFrom(w, spec), BudgetWindows.validUntil(w));
    }
}
