package dev.spendgate.route;

import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** TEMPORARY: replaced by the routing branch's Backoff at merge. */
public final class Backoff {

    private Backoff() {
    }

    /** Retry-After. */
    public static @Nullable Duration parseRetryAfter(@Nullable String ms, @Nullable String value, Clock clock) {
        try {
            if (ms != null) {
                return Duration.ofMillis((long) Double.parseDouble(ms.trim()));
            }
            return value == null ? null : Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
