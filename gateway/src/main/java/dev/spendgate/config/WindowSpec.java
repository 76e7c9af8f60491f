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
        return kind == Kind.ROLLING ? "rolling " + rolling : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
