package dev.spendgate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReportPeriodTest {

    @Test
    void isoWeekRunsMondayToSundayAndComparesWithTheWeekBefore() {
        ReportPeriod w48 = ReportPeriod.isoWeek("2026-W48");
        assertThat(w48.from()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(w48.to()).isEqualTo(LocalDate.of(2026, 11, 29));
        assertThat(w48.previous()).isEqualTo(new ReportPeriod(LocalDate.of(2026, 11, 16),
                LocalDate.of(2026, 11, 22), "2026-W47"));
    }

    @Test
    void firstWeekOfAYearComparesWithTheLastIsoWeekOfTheYearBefore() {
        ReportPeriod w1 = ReportPeriod.isoWeek("2027-W01");
        assertThat(w1.from()).isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(w1.previous().label()).as("2026 has 53 ISO weeks (it starts on a Thursday)")
                .isEqualTo("2026-W53");
    }

    @Test
    void dateRangeComparesWithTheSameNumberOfDaysBefore() {
        ReportPeriod p = ReportPeriod.dates(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 10));
        assertThat(p.previous()).isEqualTo(ReportPeriod.dates(LocalDate.of(2026, 2, 19), LocalDate.of(2026, 2, 28)));
    }

    @Test
    void malformedOrImpossibleWeeksAreRefused() {
        assertThatThrownBy(() -> ReportPeriod.isoWeek("2026-48")).hasMessageContaining("expected: an ISO week");
        assertThatThrownBy(() -> ReportPeriod.isoWeek("2025-W53")).hasMessageContaining("exists in 2025");
        assertThatThrownBy(() -> ReportPeriod.dates(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 1)))
                .hasMessageContaining("on or after");
    }
}
