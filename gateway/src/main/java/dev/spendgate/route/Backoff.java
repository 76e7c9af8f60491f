package dev.spendgate.route;

import dev.spendgate.config.RetryConfig;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * How long to wait before retrying the same target: exponential backoff with full jitter (a uniform wait in
 * {@code [0, min(maxBackoff, initialBackoff * 2^(n-1))]}), or the upstream's Retry-After when it sent one. Also
 * parses Retry-After (RFC 9110 section 10.2.3: delta-seconds or an HTTP-date in any of the three formats of
 * section 5.6.7) and OpenAI's {@code retry-after-ms}. Stateless.
 */
public final class Backoff {

    /** The longest delay a header can ask for; larger values are clamped (they exceed any max_retry_after). */
    private static final long MAX_SECONDS = 1L << 31;
    private static final int MAX_SHIFT = 30;
    private static final List<DateTimeFormatter> OBSOLETE_DATES = List.of(
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));

    private Backoff() {
    }

    /**
     * The wait before retry {@code retryNumber} (1 = the first retry), or null when the upstream's Retry-After
     * exceeds {@code maxRetryAfter}: then do not wait, fall back instead.
     *
     * @param retryAfter the upstream's Retry-After (or retry-after-ms), or null; when present it is the wait
     */
    public static @Nullable Duration delayBeforeRetry(int retryNumber, @Nullable Duration retryAfter,
            RetryConfig cfg, RandomGenerator rnd) {
        if (retryAfter != null) {
            return retryAfter.compareTo(cfg.maxRetryAfter()) > 0 ? null : retryAfter;
        }
        long initial = cfg.initialBackoff().toNanos();
        long max = cfg.maxBackoff().toNanos();
        int shift = Math.min(Math.max(retryNumber, 1) - 1, MAX_SHIFT);
        long cap = initial > (max >> shift) ? max : Math.min(max, initial << shift);
        return Duration.ofNanos(cap <= 0 ? 0 : rnd.nextLong(cap + 1));
    }

    /**
     * A Retry-After header value as a wait from {@code clock}'s now: delta-seconds ({@code 120}) or an HTTP-date
     * ({@code Sun, 06 Nov 1994 08:49:37 GMT}, and the obsolete RFC 850 and asctime forms). A date in the past is a
     * zero wait. Null when the value is malformed.
     */
    public static @Nullable Duration parseRetryAfter(String headerValue, Clock clock) {
        String v = headerValue.trim();
        if (v.isEmpty()) {
            return null;
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Duration.ofSeconds(v.length() > 10 ? MAX_SECONDS : Math.min(Long.parseLong(v), MAX_SECONDS));
        }
        Instant at = httpDate(v, clock);
        if (at == null) {
            return null;
        }
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** OpenAI's {@code retry-after-ms} (milliseconds, possibly fractional), or null when malformed. */
    public static @Nullable Duration parseRetryAfterMs(String headerValue) {
        try {
            BigDecimal ms = new BigDecimal(headerValue.trim());
            if (ms.signum() < 0) {
                return null;
            }
            BigDecimal cap = BigDecimal.valueOf(MAX_SECONDS * 1000);
            return Duration.ofNanos(ms.min(cap).movePointRight(6).longValue());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code retry-after-ms} when present and valid, else {@code retry-after}; null when neither is usable. */
    public static @Nullable Duration retryAfter(@Nullable String retryAfterMs, @Nullable String retryAfter,
            Clock clock) {
        Duration ms = retryAfterMs == null ? null : parseRetryAfterMs(retryAfterMs);
        if (ms != null) {
            return ms;
        }
        return retryAfter == null ? null : parseRetryAfter(retryAfter, clock);
    }

    private static @Nullable Instant httpDate(String v, Clock clock) {
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            // try the obsolete forms
        }
        for (int i = 0; i < OBSOLETE_DATES.size(); i++) {
            try {
                ZonedDateTime t = ZonedDateTime.parse(v, OBSOLETE_DATES.get(i));
                // RFC 9110 5.6.7: a two-digit year more than 50 years ahead is the most recent past such year.
                if (i == 0 && t.isAfter(ZonedDateTime.now(clock).plusYears(50))) {
                    t = t.minusYears(100);
                }
                return t.toInstant();
            } catch (DateTimeException e) {
                // next form
            }
        }
        return null;
    }
}
