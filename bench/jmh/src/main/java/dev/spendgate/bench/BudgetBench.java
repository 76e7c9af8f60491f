package dev.spendgate.bench;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.guard.Amount;
import dev.spendgate.guard.BudgetDecision;
import dev.spendgate.guard.BudgetGuard;
import dev.spendgate.guard.GuardRequest;
import dev.spendgate.guard.GuardState;
import dev.spendgate.guard.InMemoryBudgetStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Budget reserve (evaluate: match, ladder, reserve the worst case) and settle (replace the hold by the actual
 * spend) against the bench config's two matching budgets, one of them per customer. {@code customers} rotates the
 * customer over that many distinct values: the cost should not grow with it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BudgetBench {

    @Param({"1", "100000"})
    int customers;

    private BudgetGuard guard = newGuard();
    private Attribution[] attributions = new Attribution[0];
    private final Amount actual = new Amount(new BigDecimal("0.0000291"), 80, 1);
    private long seq;

    private static BudgetGuard newGuard() {
        GatewayConfig config = BenchFixtures.config();
        GuardState state = new GuardState(new InMemoryBudgetStore(Clock.systemUTC()), Clock.systemUTC());
        return state.budgetGuard(config.guardrails().budgets(), config);
    }

    /** A fresh store and the customers' attributions. */
    @Setup
    public void setup() {
        guard = newGuard();
        attributions = BenchFixtures.customers(customers);
    }

    /** One request's reservation and settlement. */
    @Benchmark
    public BudgetDecision reserveAndSettle() {
        long n = seq++;
        GuardRequest r = new GuardRequest("gw-" + n, attributions[(int) (n % customers)], null, "gpt-4o-mini",
                42, 128);
        BudgetDecision d = guard.evaluate(r);
        guard.settle(d.hold(), actual);
        return d;
    }
}
