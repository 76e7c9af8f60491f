package dev.spendgate.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A budget window: calendar-aligned ({@code day}, {@code week} starting Monday, {@code month}) in the guardrails'
 * time zone, resetting at the boundary; or rolling over the last {@code rolling} duration.
 *
 * @param kind    the window kind
 * @param rolling the rolling length; only for {@link Kind#ROLLING}
 */
public record WindowSpec(Kind kind, @Nullable Duration rolling) {

    /** Window kinds. */
    public enum Kind {
        DAY,
        WEEK,
        MONTH,
        ROLLING
    }

    @Override
    public String toString() {
        return kind == Kind.ROLLING && rolling != null ? "rolling " + compact(rolling)
                : kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** 1h, 90m, 7d, 45s: as the YAML writes durations. */
    private static String compact(Duration d) {
        if (d.toSeconds() % 86_400 == 0) {
            return d.toDays() + "d";
        }
        if (d.toSeconds() % 3600 == 0) {
            return d.toHours() + "h";
        }
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }
}
