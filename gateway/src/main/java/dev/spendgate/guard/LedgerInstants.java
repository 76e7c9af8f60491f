package dev.spendgate.guard;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses the ledger's instants, written by {@link Instant#toString()} ({@code 2026-07-24T09:58:59.123Z}: UTC,
 * 0 to 9 fraction digits), several times faster than {@link Instant#parse}, which builds a parse context per call
 * and was the largest cost of a rebuild after JSON. Anything else goes to {@link Instant#parse}, which then
 * decides (and throws on garbage).
 */
final class LedgerInstants {

    private static final int[] SCALE = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private LedgerInstants() {
    }

    static Instant parse(String s) {
        int n = s.length();
        int fraction = n - 21; // digits after "yyyy-MM-ddTHH:mm:ss."
        boolean shape = n >= 20 && n <= 30 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z'
                && (n == 20 || s.charAt(19) == '.' && fraction >= 1);
        if (!shape) {
            return Instant.parse(s);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = n == 20 ? 0 : digits(s, 20, n - 1);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || nanos < 0) {
            return Instant.parse(s);
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second,
                n == 20 ? 0 : (long) nanos * SCALE[9 - fraction]);
    }

    /** The decimal value of {@code s[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
