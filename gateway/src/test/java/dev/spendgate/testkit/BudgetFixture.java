package dev.spendgate.testkit;

import dev.spendgate.api.ApiFormat;
import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.LadderStep;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.config.WindowSpec;
import dev.spendgate.guard.Amount;
import dev.spendgate.guard.BudgetDecision;
import dev.spendgate.guard.BudgetGuard;
import dev.spendgate.guard.BudgetStore;
import dev.spendgate.guard.GuardRequest;
import dev.spendgate.metering.ModelPrice;
import dev.spendgate.metering.PriceRates;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Budgets driven through a real {@link BudgetGuard}: one model, {@value #MODEL}, at $1 / $4 per million input /
 * output tokens, so a request of 1,000 input tokens and a 500-token cap reserves $0.003.
 */
public final class BudgetFixture {

    /** The one model alias. */
    public static final String MODEL = "mini";
    /** The default ladder: warn at 80%, block at 100%. */
    public static final List<LadderStep> WARN_BLOCK = List.of(
            new LadderStep(new BigDecimal("0.8"), LadderStep.Action.WARN, null),
            new LadderStep(BigDecimal.ONE, LadderStep.Action.BLOCK, null));

    private static final AtomicLong IDS = new AtomicLong();
    private static final ModelConfig MINI = new ModelConfig(MODEL, "openai", MODEL, new ModelPrice(
            new PriceRates(BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("4")),
            null));

    private BudgetFixture() {
    }

    /** A USD budget over every request with the warn/block ladder. */
    public static BudgetConfig usd(String name, String limit, WindowSpec window, @Nullable Dimension per) {
        return new BudgetConfig(name, MatchConfig.all(), per, window, new BigDecimal(limit), null, null, true,
                WARN_BLOCK, null);
    }

    /** A daily window. */
    public static WindowSpec day() {
        return new WindowSpec(WindowSpec.Kind.DAY, null);
    }

    /** A guard over {@code store} with the budgets given. */
    public static BudgetGuard guard(BudgetStore store, ZoneId zone, Clock clock, BudgetConfig... budgets) {
        return new BudgetGuard(List.of(budgets), Map.of(MODEL, MINI), Map.of(MODEL, ApiFormat.OPENAI), store, zone,
                clock);
    }

    /** Reserves a request for {@code customer} (1,000 input tokens, 500-token cap) without settling it. */
    public static BudgetDecision reserve(BudgetGuard guard, String customer) {
        Attribution a = new Attribution("search", "growth", customer, "free", "none", "prod", "s1");
        return guard.evaluate(new GuardRequest("req-" + IDS.incrementAndGet(), a, null, MODEL, 1_000, 500));
    }

    /** A request for {@code customer} that settles at {@code usd}, {@code tokens} tokens; returns its decision. */
    public static BudgetDecision spend(BudgetGuard guard, String customer, String usd, long tokens) {
        BudgetDecision d = reserve(guard, customer);
        if (d.blocked()) {
            throw new IllegalStateException("blocked: " + d.message());
        }
        guard.settle(d.hold(), new Amount(new BigDecimal(usd), tokens, 1));
        return d;
    }
}
