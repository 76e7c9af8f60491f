package dev.spendgate.guard;

import static dev.spendgate.guard.GuardHarness.GPT_4O;
import static dev.spendgate.guard.GuardHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.WindowSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Windows seen through the guard, with the clock moved by hand: calendar windows reset at the boundary of the
 * configured zone (Europe/Berlin: UTC+1 in December, UTC+2 in late March), rolling windows let spend age out.
 * Each budget is $1.00, filled by one $1.00 request (100,000 gpt-4o output tokens), then probed with a tiny one.
 */
class BudgetGuardWindowsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static BudgetDecision probe(GuardHarness h, String id) {
        return h.guard.evaluate(request(id, GPT_4O, 1, 1));
    }

    @Test
    void aDailyBudgetResetsAtMidnightInItsZoneNotInUtc() {
        GuardHarness h = new GuardHarness(Instant.parse("2026-12-03T22:30:00Z"), BERLIN,
                TestBudget.named("daily").usd("1.00").window(WindowSpec.Kind.DAY).build());
        h.spend("s1", GPT_4O, 0, 100_000);

        h.clock.set(Instant.parse("2026-12-03T22:59:59Z"));
        BudgetDecision lastSecond = probe(h, "r1");
        h.clock.set(Instant.parse("2026-12-03T23:00:00Z"));
        BudgetDecision newDay = probe(h, "r2");

        assertThat(lastSecond.blocked()).as("23:59:59 in Berlin, still Dec 3").isTrue();
        assertThat(lastSecond.retryAfter()).isEqualTo(1);
        assertThat(lastSecond.message()).contains("2026-12-03T23:00:00Z");
        assertThat(newDay.blocked()).as("00:00 in Berlin: yesterday's spend no longer counts").isFalse();
        assertThat(newDay.events()).isEmpty();
        assertThat(h.state("daily").spent().usd()).isZero();
    }

    @Test
    void aMonthlyBudgetResetsAtTheFirstInItsZoneAndNotAtADayBoundary() {
        GuardHarness h = new GuardHarness(Instant.parse("2026-03-30T10:00:00Z"), BERLIN,
                TestBudget.named("monthly").usd("1.00").window(WindowSpec.Kind.MONTH).build());
        h.spend("s1", GPT_4O, 0, 100_000);

        h.clock.set(Instant.parse("2026-03-31T21:59:59Z"));
        BudgetDecision nextDay = probe(h, "r1");
        h.clock.set(Instant.parse("2026-03-31T22:00:00Z"));
        BudgetDecision april = probe(h, "r2");

        assertThat(nextDay.blocked()).as("Mar 31, 23:59:59 CEST: same month").isTrue();
        assertThat(nextDay.retryAfter()).isEqualTo(1);
        assertThat(april.blocked()).as("Apr 1, 00:00 CEST, though still March 31 in UTC").isFalse();
        assertThat(h.state("monthly").spent().usd()).isZero();
    }

    @Test
    void aRollingWindowLetsSpendAgeOut() {
        GuardHarness h = new GuardHarness(GuardHarness.NOON_UTC, ZoneOffset.UTC,
                TestBudget.named("hourly").usd("1.00").rolling(Duration.ofHours(1)).build());
        h.spend("s1", GPT_4O, 0, 100_000);

        h.clock.set(Instant.parse("2026-12-03T12:30:00Z"));
        BudgetDecision halfHour = probe(h, "r1");
        h.clock.set(Instant.parse("2026-12-03T13:00:30Z"));
        BudgetDecision hourAndABit = probe(h, "r2");
        h.clock.set(Instant.parse("2026-12-03T13:01:00Z"));
        BudgetDecision agedOut = probe(h, "r3");

        assertThat(halfHour.blocked()).isTrue();
        assertThat(halfHour.retryAfter()).as("the oldest one-minute bucket leaves at 12:31").isEqualTo(60);
        assertThat(halfHour.message()).contains("2026-12-03T12:31:00Z");
        assertThat(hourAndABit.blocked()).as("counted with up to one bucket (1 min) of extra age").isTrue();
        assertThat(agedOut.blocked()).as("the noon spend has left the window").isFalse();
        assertThat(h.state("hourly").spent().usd()).isZero();
    }
}
