package dev.spendgate.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed range of UTC days (the ledger's file days: a record belongs to the UTC day its request ended).
 *
 * @param from  first day, inclusive
 * @param to    last day, inclusive
 * @param label how the period is named in file names and titles, e.g. {@code 2026-W48}
 */
public record ReportPeriod(LocalDate from, LocalDate to, String label) {

    private static final Pattern ISO_WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

    /** Validates the order. */
    public ReportPeriod {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to: " + to + " (expected: on or after --from " + from + ")");
        }
    }

    /** The ISO-8601 week {@code YYYY-Www} (Monday to Sunday). */
    public static ReportPeriod isoWeek(String week) {
        Matcher m = ISO_WEEK.matcher(week);
        if (!m.matches()) {
            throw new IllegalArgumentException("--week: '" + week + "' (expected: an ISO week like 2026-W48)");
        }
        int year = Integer.parseInt(m.group(1));
        int number = Integer.parseInt(m.group(2));
        // Jan 4th is always in ISO week 1 of its week-based year (ISO 8601).
        LocalDate anchor = LocalDate.of(year, 1, 4);
        if (number < 1 || number > anchor.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
            throw new IllegalArgumentException("--week: '" + week + "' (expected: a week that exists in " + year + ")");
        }
        LocalDate monday = anchor.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number).with(DayOfWeek.MONDAY);
        return new ReportPeriod(monday, monday.plusDays(6), week);
    }

    /** The days {@code from..to}, labelled {@code from_to}. */
    public static ReportPeriod dates(LocalDate from, LocalDate to) {
        return new ReportPeriod(from, to, from + "_" + to);
    }

    /** Number of days in the period. */
    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** The period of the same length just before this one (the previous ISO week for a week). */
    public ReportPeriod previous() {
        LocalDate prevTo = from.minusDays(1);
        LocalDate prevFrom = prevTo.minusDays(days() - 1);
        if (ISO_WEEK.matcher(label).matches()) {
            int y = prevFrom.get(IsoFields.WEEK_BASED_YEAR);
            int w = prevFrom.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            return new ReportPeriod(prevFrom, prevTo, String.format("%04d-W%02d", y, w));
        }
        return dates(prevFrom, prevTo);
    }

    /** Whether {@code day} is in the period. */
    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
