package dev.spendgate.guard;

import dev.spendgate.testkit.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.WindowSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads reserve, settle and release against one budget window. The test keeps its own running total of
 * what is committed: it adds a reservation only after the store granted it and takes money off before the store
 * frees it, so its total is always at most the store's committed amount. If the store ever let two reservations
 * through on the same room, this total would go over the limit. The second test races all threads at the limit
 * 200 times with equal amounts: exactly the reservations that fit are granted (a store whose check and add are not
 * one atomic step grants a few more in most runs).
 */
class InMemoryBudgetStoreConcurrencyTest {

    private static final int THREADS = 32;
    private static final int ATTEMPTS_PER_THREAD = 2_000;
    private static final BigDecimal LIMIT = new BigDecimal("50.00");
    private static final Limits LIMITS = new Limits(LIMIT, 400_000L, 40_000L);

    private record Held(String id, Amount amount) {
    }

    private final InMemoryBudgetStore store = new InMemoryBudgetStore(new TestClock(
            Instant.parse("2026-12-03T12:00:00Z")));
    private final WindowRef window = BudgetWindows.windowFor("shared", "", new WindowSpec(WindowSpec.Kind.DAY, null),
            ZoneId.of("Europe/Berlin"), Instant.parse("2026-12-03T12:00:00Z"));
    private final AtomicReference<BigDecimal> committed = new AtomicReference<>(BigDecimal.ZERO);
    private final AtomicReference<BigDecimal> maxCommitted = new AtomicReference<>(BigDecimal.ZERO);
    private final AtomicReference<BigDecimal> settledUsd = new AtomicReference<>(BigDecimal.ZERO);
    private final AtomicLong settledTokens = new AtomicLong();
    private final AtomicLong settledRequests = new AtomicLong();
    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong denied = new AtomicLong();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @Test
    void concurrentReservationsNeverCommitMoreThanTheLimitAndSpendIsExact() throws Exception {
        Concurrently.run(pool, THREADS, this::run);

        WindowState state = store.state(window);
        assertThat(maxCommitted.get()).as("live grants plus spend never exceeded the limit").isLessThanOrEqualTo(LIMIT);
        assertThat(state.reserved().usd()).isEqualByComparingTo("0");
        assertThat(state.reserved().tokens()).isZero();
        assertThat(state.reserved().requests()).isZero();
        assertThat(state.spent().usd()).as("spent is the exact sum of settled actuals")
                .isEqualByComparingTo(settledUsd.get());
        assertThat(state.spent().tokens()).isEqualTo(settledTokens.get());
        assertThat(state.spent().requests()).isEqualTo(settledRequests.get());
        assertThat(LIMITS.fits(state.spent())).isTrue();
        assertThat(granted.get()).as("enough traffic got through").isGreaterThan(1_000);
        assertThat(denied.get()).as("and the limit was actually reached").isPositive();
    }

    @Test
    void racingThreadsGetExactlyTheReservationsThatFit() throws Exception {
        BigDecimal each = new BigDecimal("0.01");
        Limits limits = new Limits(each.multiply(BigDecimal.valueOf(THREADS * 2)), null, null);
        for (int round = 0; round < 200; round++) {
            WindowRef roundWindow = BudgetWindows.windowFor("burst", "round-" + round,
                    new WindowSpec(WindowSpec.Kind.DAY, null), ZoneId.of("UTC"), Instant.parse("2026-12-03T12:00:00Z"));
            AtomicLong roundGrants = new AtomicLong();
            Concurrently.run(pool, THREADS, thread -> {
                for (int i = 0; i < 4; i++) {
                    Amount amount = new Amount(each, 0, 1);
                    if (store.reserve(roundWindow, thread + "-" + i, amount, limits, false).granted()) {
                        roundGrants.incrementAndGet();
                    }
                }
            });

            assertThat(roundGrants.get()).as("round %d: only what fits is granted", round).isEqualTo(THREADS * 2);
            assertThat(store.state(roundWindow).reserved().usd()).isEqualByComparingTo(limits.usd());
        }
    }

    @Test
    void evictionUnderPressureNeverCorruptsABookOrPassesTheBound() throws Exception {
        Instant noon = Instant.parse("2026-12-03T12:00:00Z");
        InMemoryBudgetStore small = new InMemoryBudgetStore(new TestClock(noon), 200, java.time.Duration.ofMinutes(15));
        Concurrently.run(pool, THREADS, thread -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 3_000; i++) {
                WindowRef w = BudgetWindows.windowFor("b" + random.nextInt(2), "m" + random.nextInt(500),
                        new WindowSpec(WindowSpec.Kind.DAY, null), ZoneId.of("UTC"), noon);
                String id = thread + "-" + i;
                if (small.reserve(w, id, new Amount(BigDecimal.ONE, 10, 1), LIMITS, false).granted()) {
                    if (random.nextBoolean()) {
                        small.settle(w, id, new Amount(new BigDecimal("0.01"), 1, 1));
                    } else {
                        small.release(w, id);
                    }
                }
            }
        });

        assertThat(small.size()).isPositive().isLessThanOrEqualTo(200);
        for (String budget : List.of("b0", "b1")) {
            for (MemberState m : small.members(budget)) {
                assertThat(m.state().reserved().usd()).as("each reservation was settled or released in its book")
                        .isEqualByComparingTo("0");
                assertThat(m.state().reserved().requests()).isZero();
                assertThat(m.state().spent().usd()).isEqualByComparingTo(
                        BigDecimal.valueOf(m.state().spent().requests(), 2));
            }
        }
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Keeps up to three reservations in flight per thread; settles half of them, releases the rest. */
    private void run(int thread) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Deque<Held> inFlight = new ArrayDeque<>();
        for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
            Amount amount = new Amount(BigDecimal.valueOf(random.nextLong(1, 101), 2), random.nextLong(1, 200), 1);
            String id = thread + "-" + i;
            if (store.reserve(window, id, amount, LIMITS, false).granted()) {
                granted.incrementAndGet();
                BigDecimal now = committed.accumulateAndGet(amount.usd(), BigDecimal::add);
                maxCommitted.accumulateAndGet(now, BigDecimal::max);
                inFlight.addLast(new Held(id, amount));
            } else {
                denied.incrementAndGet();
            }
            if (inFlight.size() == 3 || (!inFlight.isEmpty() && random.nextBoolean())) {
                finish(inFlight.removeFirst(), random);
            }
        }
        while (!inFlight.isEmpty()) {
            finish(inFlight.removeFirst(), random);
        }
    }

    private void finish(Held held, ThreadLocalRandom random) {
        if (random.nextBoolean()) {
            committed.accumulateAndGet(held.amount().usd(), BigDecimal::subtract);
            store.release(window, held.id());
            return;
        }
        // Actual <= reserved, and small (0-1 %), so spend fills the window only slowly and the whole run contends
        // near the limit with reservations in flight.
        BigDecimal usd = held.amount().usd().multiply(BigDecimal.valueOf(random.nextInt(0, 11), 3));
        Amount actual = new Amount(usd, held.amount().tokens() / 10, 1);
        committed.accumulateAndGet(held.amount().usd().subtract(actual.usd()), BigDecimal::subtract);
        store.settle(window, held.id(), actual);
        settledUsd.accumulateAndGet(actual.usd(), BigDecimal::add);
        settledTokens.addAndGet(actual.tokens());
        settledRequests.incrementAndGet();
    }
}
