package dev.spendgate.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses durations ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; window lengths also {@code 7d}) and byte
 * sizes ({@code 512KB}, {@code 10MB}, {@code 1GiB} or a plain number of bytes). KB/MB/GB are decimal (1000-based)
 * and KiB/MiB/GiB are binary (1024-based), as IEC 80000-13 defines them; size units are case-insensitive.
 */
final class Units {

    /** Shown in errors. */
    static final String DURATION_EXAMPLES = "500ms, 30s, 5m or 1h";
    /** Shown in errors. */
    static final String SIZE_EXPECTED = "a positive byte count or a size such as 512KB, 10MB or 1GiB";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");
    private static final Pattern DAYS = Pattern.compile("(\\d{1,9})\\s*d");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(b|kb|mb|gb|kib|mib|gib)?");

    private Units() {
    }

    /** The duration, or null when {@code text} is not a number followed by ms, s, m or h. */
    static @Nullable Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /**
     * Like {@link #duration}, and also whole days ({@code 7d}): for budget windows, which are hours to weeks
     * long. Timeouts keep {@link #duration}, where a day is surely a typo.
     */
    static @Nullable Duration windowDuration(String text) {
        Matcher m = DAYS.matcher(text.trim());
        return m.matches() ? Duration.ofDays(Long.parseLong(m.group(1))) : duration(text);
    }

    /** The number of bytes, or null when {@code text} is not a size or does not fit a long. */
    static @Nullable Long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(amount, factor);
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
