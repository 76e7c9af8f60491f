package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.WindowSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class BudgetWindowsCalendarTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final WindowSpec DAY = new WindowSpec(WindowSpec.Kind.DAY, null);
    private static final WindowSpec WEEK = new WindowSpec(WindowSpec.Kind.WEEK, null);
    private static final WindowSpec MONTH = new WindowSpec(WindowSpec.Kind.MONTH, null);

    private static WindowRef window(WindowSpec spec, ZoneId zone, String instant) {
        return BudgetWindows.windowFor("b1", "acme", spec, zone, Instant.parse(instant));
    }

    @Test
    void dayWindowResetsAtLocalMidnightNotUtcMidnight() {
        WindowRef lateEvening = window(DAY, NEW_YORK, "2026-12-03T04:59:59Z");
        WindowRef midnight = window(DAY, NEW_YORK, "2026-12-03T05:00:00Z");

        assertThat(lateEvening.buckets()).as("23:59:59 local is still Dec 2").containsExactly("d2026-12-02");
        assertThat(lateEvening.start()).isEqualTo("2026-12-02T05:00:00Z");
        assertThat(lateEvening.resetsAt()).isEqualTo("2026-12-03T05:00:00Z");
        assertThat(midnight.buckets()).containsExactly("d2026-12-03");
        assertThat(midnight.start()).isEqualTo(lateEvening.resetsAt());
        assertThat(midnight.budget()).isEqualTo("b1");
        assertThat(midnight.member()).isEqualTo("acme");
    }

    @Test
    void dstChangeDaysLast23And25Hours() {
        WindowRef springForward = window(DAY, NEW_YORK, "2026-03-08T12:00:00Z");
        WindowRef fallBack = window(DAY, BERLIN, "2026-10-25T12:00:00Z");

        assertThat(springForward.buckets()).containsExactly("d2026-03-08");
        assertThat(springForward.start()).isEqualTo("2026-03-08T05:00:00Z");
        assertThat(springForward.resetsAt()).isEqualTo("2026-03-09T04:00:00Z");
        assertThat(Duration.between(springForward.start(), springForward.resetsAt())).hasHours(23);
        assertThat(fallBack.start()).isEqualTo("2026-10-24T22:00:00Z");
        assertThat(fallBack.resetsAt()).isEqualTo("2026-10-25T23:00:00Z");
        assertThat(Duration.between(fallBack.start(), fallBack.resetsAt())).hasHours(25);
    }

    @Test
    void monthWindowIsAlignedToTheLocalFirst() {
        WindowRef berlinJustAfter = window(MONTH, BERLIN, "2026-11-30T23:30:00Z");
        WindowRef berlinJustBefore = window(MONTH, BERLIN, "2026-11-30T22:59:59Z");
        WindowRef newYork = window(MONTH, NEW_YORK, "2026-12-01T03:00:00Z");

        assertThat(berlinJustAfter.buckets()).as("00:30 on Dec 1 in Berlin").containsExactly("m2026-12");
        assertThat(berlinJustAfter.start()).isEqualTo("2026-11-30T23:00:00Z");
        assertThat(berlinJustAfter.resetsAt()).isEqualTo("2026-12-31T23:00:00Z");
        assertThat(berlinJustBefore.buckets()).containsExactly("m2026-11");
        assertThat(berlinJustBefore.resetsAt()).isEqualTo(berlinJustAfter.start());
        assertThat(newYork.buckets()).as("22:00 on Nov 30 in New York").containsExactly("m2026-11");
        assertThat(newYork.resetsAt()).isEqualTo("2026-12-01T05:00:00Z");
    }

    @Test
    void weekStartsMondayAndUsesTheIsoWeekBasedYear() {
        WindowRef sunday = window(WEEK, ZoneId.of("UTC"), "2026-12-06T23:59:00Z");
        WindowRef monday = window(WEEK, ZoneId.of("UTC"), "2026-12-07T00:00:00Z");
        WindowRef newYearsDay = window(WEEK, BERLIN, "2027-01-01T12:00:00Z");

        assertThat(sunday.buckets()).containsExactly("w2026-W49");
        assertThat(sunday.start()).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(sunday.resetsAt()).isEqualTo("2026-12-07T00:00:00Z");
        assertThat(monday.buckets()).containsExactly("w2026-W50");
        assertThat(newYearsDay.buckets()).as("Fri 2027-01-01 is in ISO week 53 of 2026").containsExactly("w2026-W53");
        assertThat(newYearsDay.start()).isEqualTo("2026-12-27T23:00:00Z");
        assertThat(newYearsDay.resetsAt()).isEqualTo("2027-01-03T23:00:00Z");
    }

    @Test
    void calendarBucketsExpireAGraceAfterTheReset() {
        for (WindowSpec spec : List.of(DAY, WEEK, MONTH)) {
            WindowRef w = window(spec, BERLIN, "2026-12-03T10:00:00Z");
            assertThat(w.expiresAt()).isEqualTo(w.resetsAt().plus(BudgetWindows.GRACE));
            assertThat(w.current()).isEqualTo(w.buckets().get(0));
        }
    }

    @Test
    void sameInstantGivesSameWindowsWhateverTheJvmDefaultZone() {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            List<WindowRef> east = windowsAt("2026-12-31T23:30:00Z");
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Pago_Pago"));
            List<WindowRef> west = windowsAt("2026-12-31T23:30:00Z");

            assertThat(east).isEqualTo(west);
            assertThat(east.get(0).buckets()).containsExactly("d2027-01-01");
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    private static List<WindowRef> windowsAt(String instant) {
        return List.of(window(DAY, BERLIN, instant), window(WEEK, NEW_YORK, instant),
                window(MONTH, ZoneId.of("UTC"), instant),
                window(new WindowSpec(WindowSpec.Kind.ROLLING, Duration.ofHours(1)), BERLIN, instant));
    }
}
