package dev.spendgate.guard;

import static dev.spendgate.guard.RebuildFixtures.NOW;
import static dev.spendgate.guard.RebuildFixtures.budget;
import static dev.spendgate.guard.RebuildFixtures.day;
import static dev.spendgate.guard.RebuildFixtures.guard;
import static dev.spendgate.guard.RebuildFixtures.spent;
import static dev.spendgate.guard.RebuildFixtures.startedAt;
import static dev.spendgate.guard.RebuildFixtures.write;
import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.WindowSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which spend lands in which current window after a rebuild. */
class BudgetRebuilderWindowsTest {

    @TempDir
    Path dir;

    @Test
    void dayBudgetGetsTodaysSpendButNotYesterdays() throws Exception {
        write(dir,
                aRecord().requestId("y").endedAt(Instant.parse("2026-07-23T23:00:00Z")).cost("5").build(),
                aRecord().requestId("t1").endedAt(Instant.parse("2026-07-24T00:30:00Z")).cost("1.25").build(),
                aRecord().requestId("t2").endedAt(NOW.minusSeconds(60)).cost("0.75").build());
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW, budget("all-daily", Map.of(), null, day(), "100"));

        RebuildReport report = BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(spent(guard, "all-daily", "").usd()).isEqualByComparingTo("2.00");
        assertThat(spent(guard, "all-daily", "").requests()).isEqualTo(2);
        assertThat(report.matched()).isEqualTo(2);
        assertThat(report.records()).as("yesterday's file is read for no day budget, so only today's").isEqualTo(2);
    }

    @Test
    void monthBudgetGetsTheWholeMonthAndNothingOfTheMonthBefore() throws Exception {
        write(dir,
                aRecord().requestId("june").endedAt(Instant.parse("2026-06-30T23:59:00Z")).cost("7").build(),
                aRecord().requestId("first").endedAt(Instant.parse("2026-07-01T00:00:01Z")).cost("1").build(),
                aRecord().requestId("mid").endedAt(Instant.parse("2026-07-12T08:00:00Z")).cost("2").build(),
                aRecord().requestId("today").endedAt(NOW.minusSeconds(5)).cost("3").build());
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW,
                budget("monthly", Map.of(), null, new WindowSpec(WindowSpec.Kind.MONTH, null), "100"));

        RebuildReport report = BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(spent(guard, "monthly", "").usd()).isEqualByComparingTo("6");
        assertThat(report.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("usage-2026-07-01.jsonl", "usage-2026-07-12.jsonl", "usage-2026-07-24.jsonl");
    }

    @Test
    void perCustomerBudgetSplitsTheSpendByCustomer() throws Exception {
        write(dir,
                aRecord().requestId("a1").endedAt(NOW.minusSeconds(30)).customerSession("acme", "s").cost("0.10")
                        .build(),
                aRecord().requestId("a2").endedAt(NOW.minusSeconds(20)).customerSession("acme", "s").cost("0.15")
                        .build(),
                aRecord().requestId("b1").endedAt(NOW.minusSeconds(10)).customerSession("bolt", "s").cost("0.40")
                        .build());
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW,
                budget("per-customer", Map.of(), Dimension.CUSTOMER, day(), "0.50"));

        RebuildReport report = BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(spent(guard, "per-customer", "acme").usd()).isEqualByComparingTo("0.25");
        assertThat(spent(guard, "per-customer", "bolt").usd()).isEqualByComparingTo("0.40");
        assertThat(spent(guard, "per-customer", "").requests()).as("nothing on an unsplit member").isZero();
        assertThat(report.budgets().get("per-customer").usd()).isEqualByComparingTo("0.65");
    }

    @Test
    void rollingHourGetsOnlyTheLastHour() throws Exception {
        write(dir,
                aRecord().requestId("old").endedAt(NOW.minus(Duration.ofMinutes(90))).cost("4").build(),
                aRecord().requestId("edge").endedAt(NOW.minus(Duration.ofMinutes(62))).cost("2").build(),
                aRecord().requestId("recent").endedAt(NOW.minus(Duration.ofMinutes(59))).cost("1").build(),
                aRecord().requestId("now").endedAt(NOW).cost("0.5").build());
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW,
                budget("hourly", Map.of(), null, new WindowSpec(WindowSpec.Kind.ROLLING, Duration.ofHours(1)), "10"));

        BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(spent(guard, "hourly", "").usd()).isEqualByComparingTo("1.5");
    }

    @Test
    void dayWindowInAZoneBehindUtcReadsBothUtcDaysItSpans() throws Exception {
        // Los Angeles, 2026-07-23 20:00 PDT: the local day began at 07:00 UTC on the 23rd.
        Instant now = Instant.parse("2026-07-24T03:00:00Z");
        write(dir,
                aRecord().requestId("before").endedAt(Instant.parse("2026-07-23T06:59:00Z")).cost("8").build(),
                aRecord().requestId("morning").endedAt(Instant.parse("2026-07-23T07:00:01Z")).cost("1").build(),
                aRecord().requestId("evening").endedAt(Instant.parse("2026-07-24T02:00:00Z")).cost("2").build());
        BudgetGuard guard = guard(ZoneId.of("America/Los_Angeles"), now,
                budget("daily", Map.of(), null, day(), "100"));

        BudgetRebuilder.rebuild(guard, dir, now);

        assertThat(spent(guard, "daily", "").usd()).isEqualByComparingTo("3");
    }

    @Test
    void streamThatCrossedMidnightStaysOnTheDayItBegan() throws Exception {
        // The live guard reserved at the start and settled into that reservation's bucket (yesterday).
        write(dir,
                startedAt(aRecord().requestId("across").endedAt(Instant.parse("2026-07-24T00:02:00Z")).cost("9")
                        .build(), Instant.parse("2026-07-23T23:58:00Z")),
                aRecord().requestId("today").endedAt(Instant.parse("2026-07-24T00:03:00Z")).cost("1").build());
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW, budget("daily", Map.of(), null, day(), "100"));

        BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(spent(guard, "daily", "").usd()).isEqualByComparingTo("1");
    }

    @Test
    void chargeIsCostAllTokensAndOneRequestLikeSettlement() throws Exception {
        write(dir, aRecord().requestId("r").endedAt(NOW.minusSeconds(1)).tokens(100, 20, 5, 3, 50, 40)
                .cost("0.000123").build());
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW, budget("daily", Map.of(), null, day(), "100"));

        BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(spent(guard, "daily", ""))
                .as("input + cached + cache writes + output; reasoning is inside output")
                .isEqualTo(new Amount(new BigDecimal("0.000123"), 178, 1));
    }
}
