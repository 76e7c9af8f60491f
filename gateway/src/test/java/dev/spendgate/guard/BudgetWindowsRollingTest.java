package dev.spendgate.guard;

import dev.spendgate.testkit.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spendgate.config.WindowSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BudgetWindowsRollingTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Limits NO_LIMITS = new Limits(null, null, null);

    private static WindowSpec rolling(Duration length) {
        return new WindowSpec(WindowSpec.Kind.ROLLING, length);
    }

    @Test
    void hourWindowIsSixtyMinuteBucketsBehindTheCurrentOne() {
        Instant now = Instant.parse("2026-12-03T10:17:42Z");
        WindowRef w = BudgetWindows.windowFor("b", "", rolling(Duration.ofHours(1)), UTC, now);

        long index = now.toEpochMilli() / 60_000;
        assertThat(w.buckets()).hasSize(61);
        assertThat(w.current()).isEqualTo("r60000-" + index);
        assertThat(w.buckets().get(0)).isEqualTo("r60000-" + (index - 60));
        assertThat(w.start()).isEqualTo("2026-12-03T09:17:00Z");
        assertThat(w.resetsAt()).as("when the oldest bucket leaves: the next bucket's start")
                .isEqualTo("2026-12-03T10:18:00Z");
        assertThat(w.expiresAt()).as("current bucket end + 1 h + grace")
                .isEqualTo(Instant.parse("2026-12-03T11:18:00Z").plus(BudgetWindows.GRACE));
    }

    @Test
    void windowCoversTheLengthPlusLessThanOneBucket() {
        Duration length = Duration.ofMinutes(30);
        for (long offset = 0; offset < 60_000; offset += 7_919) {
            Instant now = Instant.parse("2026-12-03T10:00:00Z").plusMillis(offset);
            WindowRef w = BudgetWindows.windowFor("b", "", rolling(length), UTC, now);
            Duration covered = Duration.between(w.start(), now);
            assertThat(covered).isGreaterThanOrEqualTo(length).isLessThan(length.plusSeconds(30));
        }
    }

    @Test
    void shortWindowsUseOneSecondBuckets() {
        Instant now = Instant.parse("2026-12-03T10:00:00.500Z");
        WindowRef w = BudgetWindows.windowFor("b", "", rolling(Duration.ofSeconds(30)), UTC, now);

        assertThat(w.buckets()).hasSize(31);
        assertThat(w.current()).isEqualTo("r1000-" + now.getEpochSecond());
        assertThat(w.start()).isEqualTo("2026-12-03T09:59:30Z");
    }

    @Test
    void rollingWindowWithoutAPositiveLengthIsRejected() {
        assertThatThrownBy(() -> BudgetWindows.windowFor("b", "", rolling(Duration.ZERO), UTC, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: > 0");
    }

    @Test
    void spendDropsOutOfARollingWindowAfterItsLength() {
        Instant t0 = Instant.parse("2026-12-03T10:00:30Z");
        TestClock clock = new TestClock(t0);
        InMemoryBudgetStore store = new InMemoryBudgetStore(clock);
        WindowSpec hour = rolling(Duration.ofHours(1));
        store.addSpent(BudgetWindows.windowFor("b", "", hour, UTC, t0), usd("2.00"));
        clock.advance(Duration.ofMinutes(30));
        store.addSpent(BudgetWindows.windowFor("b", "", hour, UTC, clock.instant()), usd("3.00"));

        assertThat(spentAt(clock, store, hour, t0.plus(Duration.ofMinutes(59)))).isEqualByComparingTo("5.00");
        assertThat(spentAt(clock, store, hour, t0.plus(Duration.ofMinutes(60)))).as("one bucket of extra age")
                .isEqualByComparingTo("5.00");
        assertThat(spentAt(clock, store, hour, t0.plus(Duration.ofMinutes(61)))).isEqualByComparingTo("3.00");
        assertThat(spentAt(clock, store, hour, t0.plus(Duration.ofMinutes(91)))).isEqualByComparingTo("0");
    }

    @Test
    void rollingReservationMovesThroughBucketsAndIsSettledWhereItWasMade() {
        Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
        TestClock clock = new TestClock(t0);
        InMemoryBudgetStore store = new InMemoryBudgetStore(clock);
        WindowSpec minute = rolling(Duration.ofMinutes(1));
        WindowRef atReserve = BudgetWindows.windowFor("b", "", minute, UTC, t0);
        assertThat(store.reserve(atReserve, "r1", usd("1.00"), NO_LIMITS, false).granted()).isTrue();

        clock.advance(Duration.ofSeconds(20));
        WindowRef later = BudgetWindows.windowFor("b", "", minute, UTC, clock.instant());
        store.settle(later, "r1", usd("0.25"));

        assertThat(later.current()).isNotEqualTo(atReserve.current());
        assertThat(store.state(later).spent().usd()).isEqualByComparingTo("0.25");
        assertThat(store.state(later).reserved().usd()).isEqualByComparingTo("0");
        assertThat(spentAt(clock, store, minute, t0.plusSeconds(61))).isEqualByComparingTo("0");
    }

    private static BigDecimal spentAt(TestClock clock, InMemoryBudgetStore store, WindowSpec spec, Instant at) {
        clock.set(at);
        return store.state(BudgetWindows.windowFor("b", "", spec, UTC, at)).spent().usd();
    }

    static Amount usd(String usd) {
        return new Amount(new BigDecimal(usd), 0, 0);
    }
}
