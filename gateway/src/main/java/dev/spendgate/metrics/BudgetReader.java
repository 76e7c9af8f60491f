package dev.spendgate.metrics;

import dev.spendgate.config.WindowSpec;
import dev.spendgate.guard.BudgetGuard;
import dev.spendgate.guard.BudgetStore;
import dev.spendgate.guard.BudgetWindows;
import dev.spendgate.guard.CompiledBudget;
import dev.spendgate.guard.MemberState;
import dev.spendgate.guard.WindowRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every budget of a guard at one instant. Each read is a pass over the store (for a {@code per:} budget,
 * over all its members), so it runs per scrape or admin request, off the event loop, never per proxied request.
 *
 * <p>Windows are derived here from {@code now} with the budget's own zone, exactly as the guard derives them
 * ({@link BudgetWindows#windowFor}), so one reading is consistent with itself: spent, reserved, remaining and the
 * projection all belong to the same window even when a boundary passes during the read.
 */
public final class BudgetReader {

    private BudgetReader() {
    }

    /** Every budget of {@code guard}, in config order, read at {@code now}. */
    public static List<BudgetReading> read(BudgetGuard guard, Instant now) {
        List<BudgetReading> out = new ArrayList<>(guard.budgets().size());
        for (CompiledBudget b : guard.budgets()) {
            out.add(read(b, guard.store(), now));
        }
        return out;
    }

    /** One budget read at {@code now}. */
    public static BudgetReading read(CompiledBudget budget, BudgetStore store, Instant now) {
        WindowSpec spec = budget.config().window();
        WindowRef window = BudgetWindows.windowFor(budget.id(), "", spec, budget.zone(), now);
        if (budget.config().per() == null) {
            return new BudgetReading(budget, window, now, List.of(new MemberState("", store.state(window))));
        }
        List<MemberState> members = store.members(budget.id(),
                m -> BudgetWindows.windowFor(budget.id(), m, spec, budget.zone(), now));
        // The store still holds members whose spend is in a window that just ended (kept for a grace period):
        // they have nothing in this window and are not counted as members of it.
        List<MemberState> active = members.stream().filter(m -> !BudgetReading.isEmpty(m.state())).toList();
        return new BudgetReading(budget, window, now, active);
    }
}
