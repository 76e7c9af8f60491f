package dev.spendgate.guard;

import dev.spendgate.api.ApiFormat;
import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.LadderStep;
import dev.spendgate.config.ModelConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private final Map<String, ModelConfig> models;
    private final Map<String, ApiFormat> formats;
    private final BudgetStore store;
    private final ZoneId zone;
    private final Clock clock;

    /** Prepares the budgets of one config snapshot over a (long-lived) store. */
    public BudgetGuard(List<BudgetConfig> budgets, Map<String, ModelConfig> models, Map<String, ApiFormat> formats,
            BudgetStore store, ZoneId zone, Clock clock) {
        this.budgets = budgets.stream().map(b -> CompiledBudget.of(b, zone)).toList();
        this.models = models;
        this.formats = formats;
        this.store = store;
        this.zone = zone;
        this.clock = clock;
    }

    /** Whether any budget is configured (no work at all otherwise). */
    public boolean active() {
        return !budgets.isEmpty();
    }

    /** Evaluates and, unless blocked, reserves. The caller settles or releases the hold exactly once. */
    public BudgetDecision evaluate(GuardRequest r) {
        Instant now = clock.instant();
        Map<String, BudgetWindow> matched = new LinkedHashMap<>();
        addMatches(matched, r, r.model(), now);
        String model = r.servedModel();
        boolean blocking = strictest(matched, LadderStep.Action.BLOCK) != null;
        BudgetWindow downgrade = blocking ? null : downgradeOf(matched, model);
        if (downgrade != null) {
            model = downgrade.step().to();
            addMatches(matched, r, model, now);
        }
        List<GuardEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (BudgetWindow w : matched.values()) {
            LadderStep step = w.step();
            if (step != null) {
                boolean taken = w.budget().config().enforce();
                String label = action(step, taken, r.servedModel(), model).label();
                events.add(new GuardEvent(w.name(), (taken ? "" : "shadow_") + label));
                if (taken) {
                    warnings.add(w.describe(now));
                }
            }
        }
        BudgetWindow block = strictest(matched, LadderStep.Action.BLOCK);
        if (block != null) {
            return blocked(r, block.blockMessage(now, "is used up"), block, events, now);
        }
        return new Reservation(r, model, matched.values(), store, models).reserve(warnings, events, now, this);
    }

    /** A refusal by window {@code w}; Retry-After is the seconds until it resets, rounded up (RFC 9110 10.2.3). */
    BudgetDecision blocked(GuardRequest r, String message, BudgetWindow w, List<GuardEvent> events, Instant now) {
        long retry = Math.max(1, w.secondsToReset(now));
        return new BudgetDecision(true, message, retry, r.model(), null, List.of(), List.copyOf(events),
                BudgetHold.none(r.requestId()));
    }

    /** Replaces the reservations by the request's actual spend. */
    public void settle(BudgetHold hold, Amount actual) {
        for (WindowRef w : hold.reservations()) {
            store.settle(w, hold.requestId(), actual);
        }
    }

    /** Drops the reservations: the request spent nothing (refused, or the provider failed). */
    public void release(BudgetHold hold) {
        for (WindowRef w : hold.reservations()) {
            store.release(w, hold.requestId());
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

    private void addMatches(Map<String, BudgetWindow> matched, GuardRequest r, String model, Instant now) {
        for (CompiledBudget b : budgets) {
            if (!matched.containsKey(b.id()) && Matchers.matches(b.config().match(), r.attribution(), model, r.key())) {
                String member = b.config().per() == null ? "" : r.attribution().get(b.config().per());
                WindowRef window = BudgetWindows.windowFor(b.id(), member, b.config().window(), zone, now);
                WindowState state = store.state(window);
                matched.put(b.id(), new BudgetWindow(b, member, window, state,
                        b.stepAt(state.committed())));
            }
        }
    }

    /**
     * The first enforced budget (config order) at a downgrade step whose target the client can be switched to:
     * another model of the same API format (a request is never translated across formats).
     */
    private @Nullable BudgetWindow downgradeOf(Map<String, BudgetWindow> matched, String model) {
        for (BudgetWindow w : matched.values()) {
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
    private static @Nullable BudgetWindow strictest(Map<String, BudgetWindow> matched, LadderStep.Action action) {
        for (BudgetWindow w : matched.values()) {
            if (w.budget().config().enforce() && w.step() != null && w.step().action() == action) {
                return w;
            }
        }
        return null;
    }
}
