package dev.spendgate.guard;

import dev.spendgate.config.WindowSpec;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Maps a budget's window spec and an instant to the {@link WindowRef} a {@link BudgetStore} keys spend by.
 *
 * <p><b>Calendar windows</b> ({@code day}, {@code week}, {@code month}) are aligned in the configured zone and
 * reset at the boundary, not at first use: a day runs from local midnight to the next local midnight (so a DST
 * change day lasts 23 or 25 hours), a week from Monday 00:00 to the next Monday (ISO-8601), a month from the 1st
 * 00:00 to the next 1st. Each window is one bucket whose id depends only on the local date ({@code d2026-12-03},
 * {@code w2026-W49} with the ISO week-based year, {@code m2026-12}), so every replica derives the same id for the
 * same instant and zone, whatever its JVM default zone. The ids do not name the zone: the caller must make a zone
 * change start fresh budgets (e.g. by putting the zone in the budget id's fingerprint).
 *
 * <p><b>Rolling windows</b> of length L are summed from sub-buckets of {@code b = max(1 s, ceil(L / 60))} aligned
 * to the epoch (bucket index {@code floor(epochMillis / b)}, id {@code r<b>-<index>}). The window is the current
 * bucket plus the {@code ceil(L / b)} (normally 60) whole buckets before it, so spend younger than L is never
 * forgotten. Granularity: the window counts spend with up to one bucket of extra age (plus L's rounding to whole
 * buckets when b does not divide L), i.e. a rolling 1 h window forgets spend between 60 and 61 minutes old.
 */
public final class BudgetWindows {

    /**
     * How long a bucket is kept after the last window that counts it has moved on: a settle that arrives just
     * after the boundary still lands in its reservation's bucket, and the admin API can show the window that ended.
     */
    public static final Duration GRACE = Duration.ofMinutes(5);

    /** Sub-buckets per rolling window length (the current one comes on top). */
    static final long ROLLING_BUCKETS = 60;

    private static final long MIN_BUCKET_MILLIS = 1000;

    private BudgetWindows() {
    }

    /**
     * The window of {@code member} of budget {@code budgetId} that contains {@code now}.
     *
     * @param budgetId budget id (name plus definition fingerprint)
     * @param member   the {@code per} value, or {@code ""} for an unsplit budget
     * @param zone     the zone calendar windows are aligned to (ignored for rolling windows)
     * @throws IllegalArgumentException when a rolling spec has no positive length
     */
    public static WindowRef windowFor(String budgetId, String member, WindowSpec spec, ZoneId zone, Instant now) {
        return spec.kind() == WindowSpec.Kind.ROLLING
                ? rolling(budgetId, member, spec.rolling(), now)
                : calendar(budgetId, member, spec.kind(), zone, now);
    }

    /** A calendar window: its first day, the first day of the next window and its bucket id. */
    private record Span(LocalDate first, LocalDate next, String id) {
    }

    private static WindowRef calendar(String budgetId, String member, WindowSpec.Kind kind, ZoneId zone,
            Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        Span span = switch (kind) {
            case DAY -> new Span(today, today.plusDays(1), "d" + today);
            case WEEK -> week(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
            case MONTH -> new Span(today.withDayOfMonth(1), today.withDayOfMonth(1).plusMonths(1),
                    "m" + YearMonth.from(today));
            case ROLLING -> throw new IllegalArgumentException("not a calendar window: " + kind);
        };
        // atStartOfDay(zone), not atTime(0, 0): in zones whose DST gap is at midnight the day starts at 01:00.
        Instant start = span.first().atStartOfDay(zone).toInstant();
        Instant end = span.next().atStartOfDay(zone).toInstant();
        return new WindowRef(budgetId, member, List.of(span.id()), start, end, end.plus(GRACE));
    }

    private static Span week(LocalDate monday) {
        String id = String.format(Locale.ROOT, "w%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        return new Span(monday, monday.plusWeeks(1), id);
    }

    private static WindowRef rolling(String budgetId, String member, @Nullable Duration length,
            Instant now) {
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("rolling window length: " + length + " (expected: > 0)");
        }
        long lengthMillis = Math.max(1, length.toMillis());
        long size = bucketMillis(length);
        long behind = ceilDiv(lengthMillis, size);
        long index = Math.floorDiv(now.toEpochMilli(), size);
        List<String> ids = new ArrayList<>((int) behind + 1);
        for (long i = index - behind; i <= index; i++) {
            ids.add("r" + size + "-" + i);
        }
        Instant start = Instant.ofEpochMilli((index - behind) * size);
        // The oldest bucket leaves the window when the next bucket starts.
        Instant resetsAt = Instant.ofEpochMilli((index + 1) * size);
        // The current bucket leaves the window when `behind` more buckets have started after it.
        Instant leaves = Instant.ofEpochMilli((index + 1 + behind) * size);
        return new WindowRef(budgetId, member, List.copyOf(ids), start, resetsAt, leaves.plus(GRACE));
    }

    /**
     * The first instant at which {@code window} (made by {@link #windowFor} from {@code spec} at some instant) is
     * no longer the window of the instant: until then, {@code windowFor} gives the same buckets, start, reset and
     * expiry for every instant from {@link #validFrom}. A calendar window holds until it resets; a rolling window
     * until its current bucket ends, which is when it resets.
     */
    static Instant validUntil(WindowRef window) {
        return window.resetsAt();
    }

    /** The first instant that {@code window} is the window of (see {@link #validUntil}). */
    static Instant validFrom(WindowRef window, WindowSpec spec) {
        if (spec.kind() != WindowSpec.Kind.ROLLING) {
            return window.start();
        }
        Duration length = spec.rolling();
        return window.resetsAt().minusMillis(bucketMillis(length == null ? Duration.ZERO : length));
    }

    /** A rolling window's bucket length: a sixtieth of the window, whole milliseconds, at least a second. */
    private static long bucketMillis(Duration length) {
        return Math.max(MIN_BUCKET_MILLIS, ceilDiv(Math.max(1, length.toMillis()), ROLLING_BUCKETS));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
