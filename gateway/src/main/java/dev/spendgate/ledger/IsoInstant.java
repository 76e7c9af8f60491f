package dev.spendgate.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Prints instants exactly as {@link Instant#toString()} does ({@code DateTimeFormatter.ISO_INSTANT}: UTC,
 * seconds always, the fraction in groups of three digits and only when not zero, e.g.
 * {@code 2026-07-24T23:59:59.123456Z}) into a reused ASCII buffer, without the formatter's temporary objects.
 * Years 1970 to 9999 take the fast path (the date part is cached per day); any other instant is printed by
 * {@link Instant#toString()} itself. Not thread-safe: one per writer thread.
 */
final class IsoInstant {

    private static final long SECONDS_PER_DAY = 86_400;
    /** 9999-12-31T23:59:59Z, the last second printed with a four-digit year. */
    private static final long LAST_FAST_SECOND = 253_402_300_799L;

    private final byte[] ascii = new byte[30];
    private long cachedDay = -1;

    /** Writes the instant as a JSON string. */
    void write(Instant instant, JsonGenerator g) throws IOException {
        int len = format(instant);
        if (len < 0) {
            g.writeString(instant.toString());
        } else {
            // Digits, '-', ':', 'T', '.', 'Z': ASCII that needs no escaping, so the bytes are the JSON string.
            g.writeRawUTF8String(ascii, 0, len);
        }
    }

    /** The instant as {@link Instant#toString()} prints it (for tests). */
    String toString(Instant instant) {
        int len = format(instant);
        return len < 0 ? instant.toString() : new String(ascii, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Fills {@link #ascii} and returns the length, or -1 when the instant is outside the fast path's years. */
    private int format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > LAST_FAST_SECOND) {
            return -1;
        }
        long day = seconds / SECONDS_PER_DAY;
        if (day != cachedDay) {
            LocalDate date = LocalDate.ofEpochDay(day);
            digits(date.getYear(), 0, 4);
            ascii[4] = '-';
            digits(date.getMonthValue(), 5, 2);
            ascii[7] = '-';
            digits(date.getDayOfMonth(), 8, 2);
            ascii[10] = 'T';
            ascii[13] = ':';
            ascii[16] = ':';
            cachedDay = day;
        }
        int secondOfDay = (int) (seconds - day * SECONDS_PER_DAY);
        digits(secondOfDay / 3600, 11, 2);
        digits(secondOfDay / 60 % 60, 14, 2);
        digits(secondOfDay % 60, 17, 2);
        int pos = 19;
        int nano = instant.getNano();
        if (nano != 0) {
            ascii[pos++] = '.';
            int groups = nano % 1_000_000 == 0 ? 1 : nano % 1_000 == 0 ? 2 : 3;
            int width = groups * 3;
            digits(nano / pow10(9 - width), pos, width);
            pos += width;
        }
        ascii[pos++] = 'Z';
        return pos;
    }

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code at}. */
    private void digits(int value, int at, int width) {
        int v = value;
        for (int i = at + width - 1; i >= at; i--) {
            ascii[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
