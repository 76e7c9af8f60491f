package dev.spendgate.guard;

import dev.spendgate.api.ApiFormat;
import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.LadderStep;
import dev.spendgate.config.ModelConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Budgets: decides warn / downgrade / clamp / block for a request and reserves its worst-case cost.
 *
 * <pre>
 *   match budgets -> utilisation of each window (spent + reserved) -> strictest ladder step of enforced budgets
 *     block     -> refuse (429, Retry-After = until the window resets)
 *     downgrade -> switch to the step's model if it speaks the same API format (budgets matching it join in);
 *                  otherwise the step only warns
 *     warn      -> X-LLM-Budget-Warning
 *   reserve worst case (input x input price + output cap x output price) in every matched window, atomically each;
 *     a hard budget that cannot take it: clamp the output cap to what remains (if configured) or refuse.
 * </pre>
 *
 * Invariant (no overshoot): a hard budget's committed amount (spent + reserved) never exceeds its block threshold
 * at reservation time, and settlement replaces each reservation by the actual spend. Spend can exceed the limit
 * only by what the actual cost of requests in flight exceeds their reservations: zero when the tokenizer's input
 * count is not below the provider's (the reservation assumes no cache discount and the full output cap).
 * Shadow budgets ({@code enforce: false}) are evaluated and charged but change nothing.
 */
public final class BudgetGuard {

    private final List<CompiledBudget> budgets;
    private final PreparedBudget[] prepared;
    private final Map<String, ModelConfig> models;
    private final Map<String, ApiFormat> formats;
    private final BudgetStore store;
    private final ZoneId zone;
    private final Clock clock;

    /** Prepares the budgets of one config snapshot over a (long-lived) store. */
    public BudgetGuard(List<BudgetConfig> budgets, Map<String, ModelConfig> models, Map<String, ApiFormat> formats,
            BudgetStore store, ZoneId zone, Clock clock) {
        this.budgets = budgets.stream().map(b -> CompiledBudget.of(b, zone)).toList();
        this.prepared = new PreparedBudget[this.budgets.size()];
        for (int i = 0; i < prepared.length; i++) {
            prepared[i] = new PreparedBudget(this.budgets.get(i), slot(this.budgets, i));
        }
        this.models = models;
        this.formats = formats;
        this.store = store;
        this.zone = zone;
        this.clock = clock;
    }

    /** Index of the first budget with the same id as budget {@code i} (each id is matched once per request). */
    private static int slot(List<CompiledBudget> budgets, int i) {
        for (int j = 0; j < i; j++) {
            if (budgets.get(j).id().equals(budgets.get(i).id())) {
                return j;
            }
        }
        return i;
    }

    /** Whether any budget is configured (no work at all otherwise). */
    public boolean active() {
        return prepared.length > 0;
    }

    /** Evaluates and, unless blocked, reserves. The caller settles or releases the hold exactly once. */
    public BudgetDecision evaluate(GuardRequest r) {
        Instant now = clock.instant();
        // The matched windows in the order they were matched (config order, then those the downgrade added).
        BudgetWindow[] matched = new BudgetWindow[prepared.length];
        boolean[] taken = new boolean[prepared.length];
        int n = addMatches(matched, 0, taken, r, r.model(), now);
        String model = r.servedModel();
        boolean blocking = strictest(matched, n, LadderStep.Action.BLOCK) != null;
        BudgetWindow downgrade = blocking ? null : downgradeOf(matched, n, model);
        if (downgrade != null) {
            model = downgrade.step().to();
            n = addMatches(matched, n, taken, r, model, now);
        }
        List<GuardEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BudgetWindow w = matched[i];
            LadderStep step = w.step();
            if (step != null) {
                boolean enforced = w.budget().config().enforce();
                String label = action(step, enforced, r.servedModel(), model).label();
                events.add(new GuardEvent(w.name(), (enforced ? "" : "shadow_") + label));
                if (enforced) {
                    warnings.add(w.describe(now));
                }
            }
        }
        BudgetWindow block = strictest(matched, n, LadderStep.Action.BLOCK);
        if (block != null) {
            return blocked(r, block.blockMessage(now, "is used up"), block, events, now);
        }
        return new Reservation(r, model, matched, n, store, models).reserve(warnings, events, now, this);
    }

    /** A refusal by window {@code w}; Retry-After is the seconds until it resets, rounded up (RFC 9110 10.2.3). */
    BudgetDecision blocked(GuardRequest r, String message, BudgetWindow w, List<GuardEvent> events, Instant now) {
        long retry = Math.max(1, w.secondsToReset(now));
        return new BudgetDecision(true, message, retry, r.model(), null, List.of(), List.copyOf(events),
                BudgetHold.none(r.requestId()));
    }

    /** Replaces the reservations by the request's actual spend. */
    public void settle(BudgetHold hold, Amount actual) {
        List<WindowRef> held = hold.reservations();
        if (held.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (int i = 0, n = held.size(); i < n; i++) {
            store.settle(held.get(i), hold.requestId(), actual, now);
        }
    }

    /** Drops the reservations: the request spent nothing (refused, or the provider failed). */
    public void release(BudgetHold hold) {
        List<WindowRef> held = hold.reservations();
        if (held.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (int i = 0, n = held.size(); i < n; i++) {
            store.release(held.get(i), hold.requestId(), now);
        }
    }

    /** The budgets, for the admin API and metrics. */
    public List<CompiledBudget> budgets() {
        return budgets;
    }

    /** The window of {@code budget} for {@code member} now. */
    public WindowRef windowFor(CompiledBudget budget, String member) {
        return BudgetWindows.windowFor(budget.id(), member, budget.config().window(), zone, clock.instant());
    }

    /** The zone calendar windows are aligned to (the guardrails' {@code time_zone}). */
    public ZoneId zone() {
        return zone;
    }

    /** The store the budgets live in. */
    public BudgetStore store() {
        return store;
    }

    /**
     * Appends, from {@code n} on, the window of every budget matching {@code model} whose id is not matched yet
     * (config order); returns the new count.
     */
    private int addMatches(BudgetWindow[] matched, int n, boolean[] taken, GuardRequest r, String model,
            Instant now) {
        for (PreparedBudget b : prepared) {
            if (!taken[b.slot] && b.match.matches(r.attribution(), model, r.key())) {
                taken[b.slot] = true;
                String member = b.member(r.attribution());
                WindowRef window = b.windowFor(member, now);
                WindowState state = store.state(window, now);
                matched[n++] = new BudgetWindow(b.budget, member, window, state, b.stepAt(state.committed()));
            }
        }
        return n;
    }

    /**
     * The first enforced budget (config order) at a downgrade step whose target the client can be switched to:
     * another model of the same API format (a request is never translated across formats).
     */
    private @Nullable BudgetWindow downgradeOf(BudgetWindow[] matched, int n, String model) {
        for (int i = 0; i < n; i++) {
            BudgetWindow w = matched[i];
            LadderStep step = w.step();
            if (w.budget().config().enforce() && step != null && step.action() == LadderStep.Action.DOWNGRADE
                    && downgradable(model, step.to())) {
                return w;
            }
        }
        return null;
    }

    private boolean downgradable(String from, @Nullable String to) {
        return to != null && !to.equals(from) && formats.get(to) != null && formats.get(to) == formats.get(from);
    }

    /**
     * What a window's step did to this request: a downgrade step that did not (enforced) or would not (shadow)
     * switch the model to its target, e.g. across API formats or when already there, is only a warning, so the
     * ledger never claims a downgrade whose model was not used.
     */
    private LadderStep.Action action(LadderStep step, boolean enforced, String requested, String model) {
        if (step.action() != LadderStep.Action.DOWNGRADE) {
            return step.action();
        }
        boolean done = enforced ? !model.equals(requested) && model.equals(step.to())
                : downgradable(requested, step.to());
        return done ? LadderStep.Action.DOWNGRADE : LadderStep.Action.WARN;
    }

    /** The first enforced budget (config order) whose step is {@code action}, or null. */
    private static @Nullable BudgetWindow strictest(BudgetWindow[] matched, int n, LadderStep.Action action) {
        for (int i = 0; i < n; i++) {
            BudgetWindow w = matched[i];
            if (w.budget().config().enforce() && w.step() != null && w.step().action() == action) {
                return w;
            }
        }
        return null;
    }
}
