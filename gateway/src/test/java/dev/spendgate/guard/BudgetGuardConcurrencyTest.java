package dev.spendgate.guard;

import static dev.spendgate.guard.GuardHarness.GPT_4O;
import static dev.spendgate.guard.GuardHarness.assertZero;
import static dev.spendgate.guard.GuardHarness.cost;
import static dev.spendgate.guard.GuardHarness.request;
import static dev.spendgate.guard.GuardHarness.who;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Dimension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The no-overshoot invariant through the guard: 50 threads released together each evaluate one request (2,000
 * input + 2,000 output cap on gpt-4o: a $0.025 worst case), then settle at a random actual cost no higher than
 * what was reserved, or release (a failed provider call). The budgets fit only a few such requests. Whatever the
 * interleaving, the spend ends at or under every limit, equals the sum of what was settled, and every refused
 * request carries what a 429 needs. Repeated for 20 rounds to vary the interleavings.
 */
class BudgetGuardConcurrencyTest {

    private static final int THREADS = 50;
    private static final int ROUNDS = 20;
    private static final long INPUT = 2_000;
    private static final long CAP = 2_000;
    private static final int CUSTOMERS = 5;

    /** One request's fate: its decision and, when settled, what it spent. */
    private record Result(BudgetDecision decision, @Nullable Amount settled) {
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void concurrentRequestsNeverSpendPastOneSharedBudget() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            GuardHarness h = new GuardHarness(TestBudget.named("shared").usd("0.10").build());
            List<Result> results = race(h);

            assertWithinLimit(h, "shared", "", "0.10", results);
            assertThat(granted(results)).as("at least four $0.025 worst cases fit in $0.10").isGreaterThanOrEqualTo(4);
            assertThat(refusals(results)).as("$0.015 minimum actual x 50 is far over $0.10").isNotEmpty()
                    .allSatisfy(d -> assertRefusal(d, "shared"));
        }
    }

    @Test
    void concurrentRequestsNeverSpendPastAGlobalOrAPerCustomerBudget() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            GuardHarness h = new GuardHarness(TestBudget.named("shared").usd("0.10").build(),
                    TestBudget.named("each").usd("0.03").per(Dimension.CUSTOMER).build());
            List<Result> results = race(h);

            BigDecimal customers = BigDecimal.ZERO;
            for (int c = 0; c < CUSTOMERS; c++) {
                WindowState each = h.state("each", "c" + c);
                assertThat(each.spent().usd()).as("customer c%d", c).isLessThanOrEqualTo(new BigDecimal("0.03"));
                assertZero(each.reserved(), "customer c" + c + " reserved");
                customers = customers.add(each.spent().usd());
            }
            assertWithinLimit(h, "shared", "", "0.10", results);
            assertThat(h.state("shared").spent().usd()).as("every request was charged to both budgets")
                    .isEqualByComparingTo(customers);
            assertThat(refusals(results)).isNotEmpty().allSatisfy(d -> assertThat(d.retryAfter()).isPositive());
        }
    }

    @Test
    void concurrentRequestsClampedAtTheEndStillNeverOvershoot() throws Exception {
        long clamped = 0;
        for (int round = 0; round < ROUNDS; round++) {
            GuardHarness h = new GuardHarness(TestBudget.named("shared").usd("0.10").clamp(100).build());
            List<Result> results = race(h);

            assertWithinLimit(h, "shared", "", "0.10", results);
            assertThat(refusals(results)).allSatisfy(d -> assertRefusal(d, "shared"));
            clamped += results.stream().filter(r -> r.decision().outputCap() != null).count();
        }
        assertThat(clamped).as("the clamp path ran: spend passes $0.075-$0.094 on its way to $0.10").isPositive();
    }

    /** Runs the 50 requests at once and waits (bounded) for all of them. */
    private List<Result> race(GuardHarness h) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Result>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String id = "r" + i;
            String customer = "c" + (i % CUSTOMERS);
            futures.add(pool.submit(() -> {
                ready.countDown();
                if (!go.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("start signal never came");
                }
                return run(h, request(id, who("t", customer), GPT_4O, INPUT, CAP));
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            results.add(f.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    /** One request: evaluate, then settle at most what it may use (its possibly clamped cap), or release. */
    private static Result run(GuardHarness h, GuardRequest r) {
        BudgetDecision d = h.guard.evaluate(r);
        if (d.blocked()) {
            return new Result(d, null);
        }
        Thread.yield();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextInt(10) == 0) {
            h.guard.release(d.hold());
            return new Result(d, null);
        }
        long cap = d.outputCap() != null ? d.outputCap() : r.outputCap();
        long output = random.nextLong(cap / 2, cap + 1);
        Amount actual = new Amount(cost(d.model(), r.inputTokens(), output), r.inputTokens() + output, 1);
        h.guard.settle(d.hold(), actual);
        return new Result(d, actual);
    }

    private static void assertWithinLimit(GuardHarness h, String budget, String member, String limit,
            List<Result> results) {
        WindowState state = h.state(budget, member);
        Amount settled = results.stream().map(Result::settled).filter(a -> a != null)
                .reduce(Amount.ZERO, Amount::plus);
        assertThat(state.spent().usd()).as("the invariant: spend never passes the limit")
                .isLessThanOrEqualTo(new BigDecimal(limit));
        assertThat(state.spent().usd()).as("spend is exactly what was settled").isEqualByComparingTo(settled.usd());
        assertThat(state.spent().tokens()).isEqualTo(settled.tokens());
        assertThat(state.spent().requests()).isEqualTo(settled.requests());
        assertZero(state.reserved(), "every reservation was settled or released");
    }

    private static void assertRefusal(BudgetDecision d, String budget) {
        assertThat(d.message()).contains("'" + budget + "'", "resets in");
        assertThat(d.retryAfter()).as("noon to midnight UTC").isEqualTo(43_200);
        assertThat(d.hold().reservations()).isEmpty();
        assertThat(d.events()).contains(new GuardEvent(budget, "block"));
    }

    private static long granted(List<Result> results) {
        return results.stream().filter(r -> !r.decision().blocked()).count();
    }

    private static List<BudgetDecision> refusals(List<Result> results) {
        return results.stream().map(Result::decision).filter(BudgetDecision::blocked).toList();
    }
}
