package dev.spendgate.stream;

import java.nio.charset.StandardCharsets;

/**
 * Reads the scalar values {@link JsonScan} located: JSON strings decoded exactly as Jackson decodes them from the
 * event's text, and token counts. Every method takes the position of a value that {@link JsonScan} validated.
 *
 * <p>Strings: ASCII is copied char by char, escapes are decoded (<code>&#92;uXXXX</code> to one UTF-16 unit, as Jackson
 * does, so a lone surrogate stays one), and each run of non-ASCII bytes, well-formed UTF-8 since the scan
 * accepted it, is decoded on its own: the same chars as decoding the whole text, with no allocation for ASCII.
 */
final class JsonText {

    /** {@link #count}: the value is not a number (missing, null, a string...). */
    static final long NOT_A_NUMBER = -1;
    /** {@link #count}: a number that is not a plain integer of at most 18 digits; Jackson must map it. */
    static final long UNSUPPORTED = -2;

    private static final int MAX_DIGITS = 18;

    private JsonText() {
    }

    /** Whether the value at {@code at} is a string. */
    static boolean isString(byte[] b, int at) {
        return JsonScan.is(b, at, '"');
    }

    /** Whether the value at {@code at} is a non-empty string. */
    static boolean isNonEmptyString(byte[] b, int at) {
        return isString(b, at) && b[at + 1] != '"';
    }

    /** The decoded string at {@code at} (its opening quote). */
    static String decode(byte[] b, int at, int end) {
        int close = JsonScan.string(b, at, end) - 1;
        if (!hasEscape(b, at + 1, close)) {
            return new String(b, at + 1, close - at - 1, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(close - at);
        append(b, at, end, out, Integer.MAX_VALUE);
        return out.toString();
    }

    /** Whether the string at {@code at} decodes to exactly {@code expected}; allocates only for non-ASCII text. */
    static boolean equals(byte[] b, int at, int end, String expected) {
        int close = JsonScan.string(b, at, end) - 1;
        int length = close - at - 1;
        if (length == expected.length()) {
            boolean same = true;
            for (int k = 0; k < length && same; k++) {
                byte c = b[at + 1 + k];
                same = c == expected.charAt(k) && c != '\\';
            }
            if (same) {
                return true;
            }
        }
        // Escapes or non-ASCII bytes may still spell it; they are rare in the fields compared.
        return (hasEscape(b, at + 1, close) || hasNonAscii(b, at + 1, close)) && decode(b, at, end).equals(expected);
    }

    /**
     * Appends the decoded string at {@code at} to {@code out} until {@code out} holds {@code max} chars: the same
     * chars as appending the whole decoded string, cut at the bound.
     */
    static void append(byte[] b, int at, int end, StringBuilder out, int max) {
        int i = at + 1;
        while (i < end && out.length() < max) {
            byte c = b[i];
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                out.append(unescape(b, i));
                i += b[i + 1] == 'u' ? 6 : 2;
            } else if (c >= 0) {
                out.append((char) c);
                i++;
            } else {
                int run = i;
                while (i < end && b[i] < 0) {
                    i++;
                }
                String text = new String(b, run, i - run, StandardCharsets.UTF_8);
                out.append(text, 0, Math.min(text.length(), max - out.length()));
            }
        }
    }

    /**
     * The non-negative count at {@code at} as Jackson's {@code Math.max(0, node.asLong())} gives it for a plain
     * integer; {@link #NOT_A_NUMBER} when the value is not a number (or absent); {@link #UNSUPPORTED} for a
     * fraction, an exponent or more than 18 digits (Jackson's double and BigInteger conversions decide those).
     */
    static long count(byte[] b, int at, int end) {
        if (at < 0 || b[at] != '-' && (b[at] < '0' || b[at] > '9')) {
            return NOT_A_NUMBER;
        }
        boolean negative = b[at] == '-';
        int from = negative ? at + 1 : at;
        int to = JsonScan.digits(b, from, end);
        if (to - from > MAX_DIGITS || to < end && (b[to] == '.' || b[to] == 'e' || b[to] == 'E')) {
            return UNSUPPORTED;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (b[i] - '0');
        }
        return negative ? 0 : value;
    }

    /** The value of the four hex digits at {@code i}, or -1. */
    static int hex(byte[] b, int i) {
        int value = 0;
        for (int k = i; k < i + 4; k++) {
            int d = Character.digit(b[k], 16);
            if (d < 0) {
                return -1;
            }
            value = value << 4 | d;
        }
        return value;
    }

    private static char unescape(byte[] b, int i) {
        return switch (b[i + 1]) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> (char) hex(b, i + 2);
            default -> (char) b[i + 1];
        };
    }

    private static boolean hasEscape(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNonAscii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return true;
            }
        }
        return false;
    }
}
