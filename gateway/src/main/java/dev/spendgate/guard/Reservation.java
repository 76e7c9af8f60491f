package dev.spendgate.guard;

import dev.spendgate.config.LadderStep;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.metering.CostCalculator;
import dev.spendgate.metering.PriceRates;
import dev.spendgate.metering.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reserves one request's worst case in every matched window: input at the full input rate plus the whole output
 * cap at the output rate, and all its tokens. A hard budget that cannot take it gets the output cap clamped to
 * what remains (when the budget allows clamping) or refuses; reservations already made are then released.
 */
final class Reservation {

    private final GuardRequest request;
    private final String model;
    private final BudgetWindow[] windows;
    private final int count;
    private final BudgetStore store;
    private final @Nullable ModelConfig modelConfig;
    /** The windows reserved in so far, in reservation order. */
    private final BudgetWindow[] held;
    private int heldCount;
    private long outputCap;
    private boolean clamped;
    /** The worst case at the current output cap, once computed (a clamp lowers the cap and clears it). */
    private @Nullable Amount worstCase;

    /** Reserves in the first {@code count} of {@code windows}. */
    Reservation(GuardRequest request, String model, BudgetWindow[] windows, int count, BudgetStore store,
            Map<String, ModelConfig> models) {
        this.request = request;
        this.model = model;
        this.windows = windows;
        this.count = count;
        this.store = store;
        this.modelConfig = models.get(model);
        this.held = new BudgetWindow[count];
        this.outputCap = request.outputCap();
    }

    BudgetDecision reserve(List<String> warnings, List<GuardEvent> events, Instant now, BudgetGuard guard) {
        try {
            return reserveEach(warnings, events, now, guard);
        } catch (RuntimeException e) {
            // The store failed (e.g. Redis away under fail_closed) after some windows reserved: give those back.
            releaseAll(now);
            throw e;
        }
    }

    private BudgetDecision reserveEach(List<String> warnings, List<GuardEvent> events, Instant now,
            BudgetGuard guard) {
        // The windows in config order, but those that may clamp first: a budget that cannot pay for the requested
        // cap may well pay for the clamped one, so the cap must be settled before they reserve.
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < count; i++) {
                BudgetWindow w = windows[i];
                if ((w.budget().config().clampMinTokens() != null) != (pass == 0)) {
                    continue;
                }
                BudgetDecision refused = reserveIn(w, events, now, guard);
                if (refused != null) {
                    return refused;
                }
            }
        }
        WindowRef[] refs = new WindowRef[heldCount];
        for (int i = 0; i < heldCount; i++) {
            refs[i] = held[i].window();
        }
        return new BudgetDecision(false, null, 0, model, clamped ? outputCap : null, List.copyOf(warnings),
                List.copyOf(events), new BudgetHold(request.requestId(), List.of(refs)));
    }

    /** Reserves in {@code w} (clamping if it allows); the refusal, or null when it was added to the held ones. */
    private @Nullable BudgetDecision reserveIn(BudgetWindow w, List<GuardEvent> events, Instant now,
            BudgetGuard guard) {
        Amount amount = worstCase();
        BudgetStore.ReserveResult r = store.reserve(w.window(), request.requestId(), amount, limitsOf(w), !hard(w),
                now);
        if (!r.granted() && clampTo(w, r.before(), limitsOf(w))) {
            amount = worstCase();
            r = store.reserve(w.window(), request.requestId(), amount, limitsOf(w), false, now);
            if (r.granted()) {
                events.add(new GuardEvent(w.name(), "clamp"));
                shrink(amount, now);
            }
        }
        if (!r.granted()) {
            releaseAll(now);
            events.add(new GuardEvent(w.name(), "block"));
            return guard.blocked(request, w.blockMessage(now, "cannot pay for this request ("
                    + request.inputTokens() + " input tokens, up to " + outputCap + " output tokens)"), w, events,
                    now);
        }
        if (wouldBlock(w, r.before(), amount)) {
            events.add(new GuardEvent(w.name(), "shadow_block"));
        }
        held[heldCount++] = w;
        return null;
    }

    private void releaseAll(Instant now) {
        for (int i = 0; i < heldCount; i++) {
            store.release(held[i].window(), request.requestId(), now);
        }
    }

    /**
     * After a clamp, lowers the reservations already made to the new worst case. The store replaces a request's
     * reservation by a smaller one whenever the larger one fitted; should it refuse, the larger one stays held.
     */
    private void shrink(Amount amount, Instant now) {
        for (int i = 0; i < heldCount; i++) {
            BudgetWindow h = held[i];
            store.reserve(h.window(), request.requestId(), amount, limitsOf(h), !hard(h), now);
        }
    }

    /** A shadow budget with a block step that an enforced one would have refused here (and did not say so yet). */
    private static boolean wouldBlock(BudgetWindow w, WindowState before, Amount amount) {
        Limits hard = w.budget().hardLimits();
        boolean blockStep = w.step() != null && w.step().action() == LadderStep.Action.BLOCK;
        return !w.budget().config().enforce() && hard != null && !blockStep
                && !hard.fits(before.committed().plus(amount));
    }

    /** An enforced budget with a block step: reservations must fit, never forced. */
    private static boolean hard(BudgetWindow w) {
        return w.budget().config().enforce() && w.budget().hardLimits() != null;
    }

    /** What a reservation in {@code w} is checked against: the block threshold, else the limits (forced anyway). */
    private static Limits limitsOf(BudgetWindow w) {
        Limits hard = w.budget().hardLimits();
        return hard != null ? hard : w.budget().limits();
    }

    /** The worst case of the request at the current output cap (computed once per cap). */
    Amount worstCase() {
        Amount w = worstCase;
        if (w == null) {
            w = computeWorstCase();
            worstCase = w;
        }
        return w;
    }

    private Amount computeWorstCase() {
        // Output cap per choice times the choices (n / best_of); inputs are bounded by the inspector, and the
        // arithmetic saturates rather than wrap, so no request can reserve a negative amount.
        long output = saturatedMultiply(outputCap, request.choices());
        long tokens = saturatedAdd(request.inputTokens(), output);
        BigDecimal usd = modelConfig == null ? BigDecimal.ZERO
                : CostCalculator.inputOutputCost(request.inputTokens(), output, modelConfig.price());
        return new Amount(usd, tokens, 1);
    }

    private static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi == 0 && lo >= 0 ? lo : Long.MAX_VALUE;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * Lowers the output cap to what the window's remaining budget pays for; false when that is below the
     * budget's minimum (or nothing remains).
     */
    private boolean clampTo(BudgetWindow w, WindowState before, Limits limits) {
        long allowed = saturatedMultiply(outputCap, request.choices());
        Amount committed = before.committed();
        if (limits.requests() != null && committed.requests() + 1 > limits.requests()) {
            return false;
        }
        if (limits.tokens() != null) {
            allowed = Math.min(saturatedMultiply(allowed, request.choices()),
                    limits.tokens() - committed.tokens() - request.inputTokens());
        }
        if (limits.usd() != null && modelConfig != null) {
            PriceRates rates = modelConfig.price().ratesFor(new TokenUsage(request.inputTokens(), 0, 0, 0, 0, 0));
            BigDecimal inputCost = CostCalculator.cost(new TokenUsage(request.inputTokens(), 0, 0, 0, 0, 0),
                    modelConfig.price());
            BigDecimal left = limits.usd().subtract(committed.usd()).subtract(inputCost);
            if (rates.output().signum() > 0) {
                long byCost = left.movePointRight(6).divide(rates.output(), 0, RoundingMode.FLOOR).longValue();
                allowed = Math.min(allowed, byCost);
            }
        }
        // What remains pays for allowed output tokens in all; each of the choices gets an equal share.
        allowed = allowed / Math.max(1, request.choices());
        Long min = w.budget().config().clampMinTokens();
        if (min == null || allowed < min || allowed >= outputCap) {
            return false;
        }
        outputCap = allowed;
        clamped = true;
        worstCase = null;
        return true;
    }
}
