package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.BudgetConfig;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The prepared ladder thresholds reach exactly the steps {@link CompiledBudget#stepAt} reaches, at and around
 * every threshold, for USD, token and request limits, zero limits and thresholds that are not whole counts.
 */
class PreparedBudgetTest {

    @Test
    void stepsReachedAreThoseOfTheCompiledBudget() {
        BudgetConfig[] configs = {
            TestBudget.named("usd").usd("0.10").ladder(TestBudget.warn("0.8"), TestBudget.downgrade("0.9", "m"),
                    TestBudget.block("1.0")).build(),
            TestBudget.named("tokens").tokens(1_001).ladder(TestBudget.warn("0.333"), TestBudget.block("1.5"))
                    .build(),
            TestBudget.named("requests").requests(7).usd("3").ladder(TestBudget.warn("0.5"),
                    TestBudget.block("0.99")).build(),
            TestBudget.named("zero").usd("0").tokens(0).requests(0).ladder(TestBudget.warn("0.5"),
                    TestBudget.block("1")).build(),
            TestBudget.named("huge").tokens(Long.MAX_VALUE).requests(Long.MAX_VALUE / 3)
                    .ladder(TestBudget.warn("0.5"), TestBudget.block("1"), TestBudget.warn("1.5")).build(),
        };
        Random random = new Random(3);
        for (BudgetConfig config : configs) {
            CompiledBudget budget = CompiledBudget.of(config, ZoneOffset.UTC);
            PreparedBudget prepared = new PreparedBudget(budget, 0);
            for (int i = 0; i < 20_000; i++) {
                Amount used = new Amount(BigDecimal.valueOf(random.nextInt(400), random.nextInt(4)),
                        around(random, config.limitTokens()), around(random, config.limitRequests()));
                assertThat(prepared.stepAt(used)).as("%s at %s", config.name(), used)
                        .isEqualTo(budget.stepAt(used));
            }
        }
    }

    /** A count near the limit's thresholds (or anywhere small), now and then the extremes. */
    private static long around(Random random, Long limit) {
        long base = limit == null || limit > 1_000_000 ? random.nextInt(2_000) : limit;
        return switch (random.nextInt(12)) {
            case 0 -> Long.MAX_VALUE;
            case 1 -> 0;
            case 2 -> limit == null ? 1 : limit / 2 + random.nextInt(3) - 1;
            default -> (long) (base * random.nextDouble() * 2);
        };
    }
}
