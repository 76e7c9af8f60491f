package dev.spendgate.guard;

import dev.spendgate.testkit.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.WindowSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class InMemoryBudgetStoreTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final WindowSpec DAY = new WindowSpec(WindowSpec.Kind.DAY, null);
    private static final Instant NOON = Instant.parse("2026-12-03T17:00:00Z");

    private final TestClock clock = new TestClock(NOON);
    private final InMemoryBudgetStore store = new InMemoryBudgetStore(clock);

    private WindowRef day(String member) {
        return BudgetWindows.windowFor("free-daily", member, DAY, NEW_YORK, clock.instant());
    }

    private static Amount amount(String usd, long tokens, long requests) {
        return new Amount(new BigDecimal(usd), tokens, requests);
    }

    @Test
    void reserveWithinTheUsdLimitIsGrantedUpToExactlyTheLimit() {
        Limits limits = new Limits(new BigDecimal("1.00"), null, null);

        assertThat(store.reserve(day("a"), "r1", amount("0.60", 0, 1), limits, false).granted()).isTrue();
        BudgetStore.ReserveResult second = store.reserve(day("a"), "r2", amount("0.40", 0, 1), limits, false);

        assertThat(second.granted()).as("equal to the limit fits").isTrue();
        assertThat(second.before().reserved().usd()).isEqualByComparingTo("0.60");
        assertThat(store.state(day("a")).committed().usd()).isEqualByComparingTo("1.00");
    }

    @Test
    void reserveOverEachLimitKindIsDeniedAndChangesNothing() {
        Limits usd = new Limits(new BigDecimal("1.00"), null, null);
        Limits tokens = new Limits(null, 1000L, null);
        Limits requests = new Limits(null, null, 2L);
        store.addSpent(day("usd"), amount("0.90", 0, 0));
        store.addSpent(day("tok"), amount("0", 900, 0));
        store.addSpent(day("req"), amount("0", 0, 2));

        assertThat(store.reserve(day("usd"), "r", amount("0.11", 0, 1), usd, false).granted()).isFalse();
        assertThat(store.reserve(day("tok"), "r", amount("0", 101, 1), tokens, false).granted()).isFalse();
        BudgetStore.ReserveResult denied = store.reserve(day("req"), "r", amount("0", 0, 1), requests, false);

        assertThat(denied.granted()).isFalse();
        assertThat(denied.before().spent().requests()).isEqualTo(2);
        assertThat(store.state(day("usd")).reserved()).isEqualTo(Amount.ZERO);
        assertThat(store.state(day("tok")).reserved()).isEqualTo(Amount.ZERO);
        assertThat(store.state(day("req")).reserved()).isEqualTo(Amount.ZERO);
        assertThat(store.reserve(day("usd"), "r", amount("0.10", 0, 1), usd, false).granted()).isTrue();
        assertThat(store.reserve(day("tok"), "r", amount("0", 100, 1), tokens, false).granted()).isTrue();
    }

    @Test
    void forcedReservationIsGrantedOverTheLimitAndCounted() {
        Limits limits = new Limits(new BigDecimal("1.00"), null, null);
        store.addSpent(day("a"), amount("1.00", 0, 1));

        assertThat(store.reserve(day("a"), "r1", amount("0.50", 0, 1), limits, true).granted()).isTrue();
        assertThat(store.state(day("a")).committed().usd()).isEqualByComparingTo("1.50");
    }

    @Test
    void settleReplacesTheReservationByTheActualSpendOnce() {
        Limits none = new Limits(null, null, null);
        store.reserve(day("a"), "r1", amount("0.50", 4000, 1), none, false);

        store.settle(day("a"), "r1", amount("0.12", 900, 1));
        store.settle(day("a"), "r1", amount("0.12", 900, 1));

        WindowState state = store.state(day("a"));
        assertThat(state.spent()).isEqualTo(amount("0.12", 900, 1));
        assertThat(state.reserved().usd()).isEqualByComparingTo("0");
        assertThat(state.reserved().tokens()).isZero();
    }

    @Test
    void settleAfterReleaseAndSecondReleaseAreNoOps() {
        Limits none = new Limits(null, null, null);
        store.reserve(day("a"), "r1", amount("0.50", 10, 1), none, false);

        store.release(day("a"), "r1");
        store.release(day("a"), "r1");
        store.settle(day("a"), "r1", amount("0.30", 5, 1));

        assertThat(store.state(day("a")).committed().usd()).isEqualByComparingTo("0");
        assertThat(store.state(day("a")).committed().requests()).isZero();
    }

    @Test
    void secondReserveOfTheSameRequestReplacesTheFirst() {
        Limits limits = new Limits(new BigDecimal("1.00"), null, null);
        store.reserve(day("a"), "r1", amount("0.80", 0, 1), limits, false);

        assertThat(store.reserve(day("a"), "r1", amount("0.90", 0, 1), limits, false).granted())
                .as("the first reservation does not count against its own replacement").isTrue();
        assertThat(store.state(day("a")).reserved().usd()).isEqualByComparingTo("0.90");
    }

    @Test
    void settleAfterMidnightChargesTheBucketTheReservationWasMadeIn() {
        clock.set(Instant.parse("2026-12-04T04:59:00Z"));
        WindowRef evening = day("a");
        store.reserve(evening, "r1", amount("0.50", 0, 1), new Limits(null, null, null), false);

        clock.set(Instant.parse("2026-12-04T05:01:00Z"));
        WindowRef nextDay = day("a");
        store.settle(nextDay, "r1", amount("0.20", 0, 1));

        assertThat(nextDay.current()).isEqualTo("d2026-12-04");
        assertThat(store.state(evening).spent().usd()).isEqualByComparingTo("0.20");
        assertThat(store.state(nextDay).committed()).as("the new day starts empty").isEqualTo(Amount.ZERO);
    }

    @Test
    void stuckReservationStopsHoldingBudgetAfterTheLeaseAndALateSettleStillCounts() {
        InMemoryBudgetStore leased = new InMemoryBudgetStore(clock, 1000, Duration.ofMinutes(15));
        Limits limits = new Limits(new BigDecimal("1.00"), null, null);
        leased.reserve(day("a"), "stuck", amount("1.00", 0, 1), limits, false);
        clock.advance(Duration.ofMinutes(14));
        assertThat(leased.reserve(day("a"), "r2", amount("0.10", 0, 1), limits, false).granted()).isFalse();

        clock.advance(Duration.ofMinutes(1));
        assertThat(leased.state(day("a")).reserved().usd()).isEqualByComparingTo("0");
        assertThat(leased.reserve(day("a"), "r2", amount("0.10", 0, 1), limits, false).granted()).isTrue();
        leased.settle(day("a"), "stuck", amount("0.40", 0, 1));
        leased.settle(day("a"), "stuck", amount("0.40", 0, 1));

        assertThat(leased.state(day("a")).spent().usd()).as("charged once").isEqualByComparingTo("0.40");
    }

    @Test
    void lapsedReservationIsForgottenAfterASecondLease() {
        InMemoryBudgetStore leased = new InMemoryBudgetStore(clock, 1000, Duration.ofMinutes(15));
        leased.reserve(day("a"), "stuck", amount("1.00", 0, 1), new Limits(null, null, null), false);

        clock.advance(Duration.ofMinutes(30));
        leased.settle(day("a"), "stuck", amount("0.40", 0, 1));

        assertThat(leased.state(day("a")).committed().usd()).isEqualByComparingTo("0");
        assertThat(leased.size()).as("only the day's bucket is left").isEqualTo(1);
    }

    @Test
    void bucketsAreForgottenAfterTheirWindowExpires() {
        store.addSpent(day("a"), amount("0.10", 0, 1));
        store.addSpent(day("b"), amount("0.10", 0, 1));
        WindowRef today = day("a");
        assertThat(store.size()).isEqualTo(2);

        clock.set(today.expiresAt());

        assertThat(store.size()).isZero();
        assertThat(store.state(today)).isEqualTo(WindowState.EMPTY);
    }

    @Test
    void sizeStaysWithinTheConfiguredBound() {
        InMemoryBudgetStore small = new InMemoryBudgetStore(clock, 100, Duration.ofMinutes(15));

        for (int i = 0; i < 1000; i++) {
            small.addSpent(day("customer-" + i), amount("0.01", 1, 1));
        }

        assertThat(small.size()).isPositive().isLessThanOrEqualTo(100);
        assertThat(small.members("free-daily")).hasSizeLessThanOrEqualTo(100);
    }

    @Test
    void membersAreListedLargestCommittedSpendFirst() {
        Limits none = new Limits(null, null, null);
        store.addSpent(day("small"), amount("0.10", 0, 1));
        store.addSpent(day("big"), amount("2.00", 0, 1));
        store.reserve(day("mid"), "r1", amount("0.50", 0, 1), none, false);
        store.addSpent(BudgetWindows.windowFor("other", "x", DAY, NEW_YORK, clock.instant()), amount("9", 0, 1));

        assertThat(store.members("free-daily")).extracting(MemberState::member).containsExactly("big", "mid", "small");
        assertThat(store.members("free-daily", this::day).get(1).state().reserved().usd())
                .isEqualByComparingTo("0.50");
    }

    @Test
    void membersWithAWindowFunctionCountOnlyThatWindow() {
        store.addSpent(day("a"), amount("1.00", 0, 1));
        clock.set(Instant.parse("2026-12-04T05:01:00Z"));
        store.addSpent(day("a"), amount("0.25", 0, 1));

        assertThat(store.members("free-daily").get(0).state().spent().usd())
                .as("yesterday is still held during its grace").isEqualByComparingTo("1.25");
        assertThat(store.members("free-daily", this::day).get(0).state().spent().usd())
                .isEqualByComparingTo("0.25");
    }
}
