package dev.spendgate.bench;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.guard.GuardState;
import dev.spendgate.guard.InMemoryBudgetStore;
import dev.spendgate.guard.RateCheck;
import dev.spendgate.guard.RateLimiter;
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
 * Rate-limit check (match, count the request) and token recording at response end against the bench config's
 * per-customer limit (requests and tokens per minute). {@code customers} rotates the customer over that many
 * distinct values: the cost should not grow with it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RateBench {

    @Param({"1", "100000"})
    int customers;

    private RateLimiter limiter = newLimiter();
    private Attribution[] attributions = new Attribution[0];
    private long seq;

    private static RateLimiter newLimiter() {
        GatewayConfig config = BenchFixtures.config();
        GuardState state = new GuardState(new InMemoryBudgetStore(Clock.systemUTC()), Clock.systemUTC());
        return state.rateLimiter(config.guardrails().rateLimits());
    }

    /** Fresh counters and the customers' attributions. */
    @Setup
    public void setup() {
        limiter = newLimiter();
        attributions = BenchFixtures.customers(customers);
    }

    /** One request's check and, at its end, its tokens. */
    @Benchmark
    public RateCheck checkAndRecord() {
        long n = seq++;
        RateCheck c = limiter.check(attributions[(int) (n % customers)], null, "gpt-4o-mini");
        limiter.recordTokens(c.lease(), 170);
        return c;
    }
}
