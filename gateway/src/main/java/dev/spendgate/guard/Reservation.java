package dev.spendgate.guard;

import dev.spendgate.config.ModelConfig;
import dev.spendgate.metering.CostCalculator;
import dev.spendgate.metering.PriceRates;
import dev.spendgate.metering.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
    private final Collection<BudgetWindow> windows;
    private final BudgetStore store;
    private final @Nullable ModelConfig modelConfig;
    private long outputCap;
    private boolean clamped;

    Reservation(GuardRequest request, String model, Collection<BudgetWindow> windows, BudgetStore store,
            Map<String, ModelConfig> models) {
        this.request = request;
        this.model = model;
        this.windows = windows;
        this.store = store;
        this.modelConfig = models.get(model);
        this.outputCap = request.outputCap();
    }

    BudgetDecision reserve(List<String> warnings, List<GuardEvent> events, Instant now, BudgetGuard guard) {
        List<WindowRef> held = new ArrayList<>();
        for (BudgetWindow w : windows) {
            boolean hard = w.budget().config().enforce() && w.budget().hardLimits() != null;
            Limits limits = w.budget().hardLimits() != null ? w.budget().hardLimits() : w.budget().limits();
            Amount amount = worstCase();
            BudgetStore.ReserveResult r = store.reserve(w.window(), request.requestId(), amount, limits, !hard);
            if (!r.granted() && w.budget().config().clampMinTokens() != null && clampTo(w, r.before(), limits)) {
                r = store.reserve(w.window(), request.requestId(), worstCase(), limits, false);
                if (r.granted()) {
                    events.add(new GuardEvent(w.name(), "clamp"));
                }
            }
            if (!r.granted()) {
                held.forEach(h -> store.release(h, request.requestId()));
                events.add(new GuardEvent(w.name(), "block"));
                return guard.blocked(request, w.blockMessage(now, "cannot pay for this request ("
                        + request.inputTokens() + " input tokens, up to " + outputCap + " output tokens)"), w, events);
            }
            if (!w.budget().config().enforce() && w.budget().hardLimits() != null
                    && !w.budget().hardLimits().fits(r.before().committed().plus(amount))) {
                events.add(new GuardEvent(w.name(), "shadow_block"));
            }
            held.add(w.window());
        }
        return new BudgetDecision(false, null, 0, model, clamped ? outputCap : null, List.copyOf(warnings),
                List.copyOf(events), new BudgetHold(request.requestId(), List.copyOf(held)));
    }

    /** The worst case of the request at the current output cap. */
    Amount worstCase() {
        long tokens = request.inputTokens() + outputCap;
        BigDecimal usd = modelConfig == null ? BigDecimal.ZERO
                : CostCalculator.cost(new TokenUsage(request.inputTokens(), 0, 0, 0, outputCap, 0),
                        modelConfig.price());
        return new Amount(usd, tokens, 1);
    }

    /**
     * Lowers the output cap to what the window's remaining budget pays for; false when that is below the
     * budget's minimum (or nothing remains).
     */
    private boolean clampTo(BudgetWindow w, WindowState before, Limits limits) {
        long allowed = outputCap;
        Amount committed = before.committed();
        if (limits.requests() != null && committed.requests() + 1 > limits.requests()) {
            return false;
        }
        if (limits.tokens() != null) {
            allowed = Math.min(allowed, limits.tokens() - committed.tokens() - request.inputTokens());
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
        Long min = w.budget().config().clampMinTokens();
        if (min == null || allowed < min || allowed >= outputCap) {
            return false;
        }
        outputCap = allowed;
        clamped = true;
        return true;
    }
}
