package dev.spendgate.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A validating JSON scanner over UTF-8 bytes that allocates nothing: it skips values and finds the keys of one
 * object, so a usage extractor reads the few fields it needs without building a tree.
 *
 * <p>It accepts strict RFC 8259 JSON only, within bounds far below Jackson's {@code StreamReadConstraints}
 * (nesting depth 64, numbers of 100 characters, keys of 50,000 bytes), and answers {@link #FAIL} for everything
 * else: malformed or cut JSON, but also valid JSON it does not handle (deeper nesting, any escaped key, malformed
 * UTF-8 in a string, which the event's text would hold as U+FFFD). So a scan that succeeds implies that Jackson
 * reads the same object from the decoded text; a {@code FAIL} means "ask Jackson", whose answer is the
 * reference.
 *
 * <p>Positions are absolute indexes into the array; {@code end} is exclusive.
 */
final class JsonScan {

    /** The input is not JSON this scanner accepts. */
    static final int FAIL = -1;
    /** Not found, in {@link #object}'s value positions. */
    static final int ABSENT = -1;

    private static final int MAX_DEPTH = 64;
    private static final int MAX_NUMBER_CHARS = 100;
    private static final int MAX_KEY_BYTES = 50_000;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private JsonScan() {
    }

    /** Keys for {@link #object}, as ASCII bytes. */
    static byte[][] keys(String... names) {
        byte[][] keys = new byte[names.length][];
        for (int k = 0; k < names.length; k++) {
            keys[k] = names[k].getBytes(StandardCharsets.US_ASCII);
        }
        return keys;
    }

    /** The index of the first byte from {@code i} that is not JSON whitespace (space, tab, LF, CR). */
    static int ws(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    /**
     * Scans the object at {@code i} (its {@code '{'}), validating every value in it. For each {@code keys[k]} that
     * is a key of this object, {@code at[k]} receives the position of its value, the last one when the key
     * repeats (as in a Jackson tree); else {@link #ABSENT}.
     *
     * @return the index after the closing brace, or {@link #FAIL}
     */
    static int object(byte[] b, int i, int end, byte[][] keys, int[] at) {
        return object(b, i, end, keys, at, false);
    }

    /**
     * {@link #object}, except that a wanted key found twice fails the scan. For readers that take the first
     * occurrence, as a streaming parser does, while {@code at} keeps the last: with no repeat they agree.
     */
    static int objectOnce(byte[] b, int i, int end, byte[][] keys, int[] at) {
        return object(b, i, end, keys, at, true);
    }

    private static int object(byte[] b, int i, int end, byte[][] keys, int[] at, boolean once) {
        for (int k = 0; k < keys.length; k++) {
            at[k] = ABSENT;
        }
        return object(b, i, end, 1, keys, at, once);
    }

    /** In a validated array at {@code array}: the position of its first element, or {@link #ABSENT}. */
    static int first(byte[] b, int array, int end) {
        int i = ws(b, array + 1, end);
        return b[i] == ']' ? ABSENT : i;
    }

    /** In a validated array: the position of the element after the one at {@code element}, or {@link #ABSENT}. */
    static int next(byte[] b, int element, int end) {
        int i = ws(b, skip(b, element, end), end);
        return b[i] == ',' ? ws(b, i + 1, end) : ABSENT;
    }

    /**
     * {@link #object}'s lookup in an object that a validating scan of the enclosing text already accepted (a
     * position {@link #object} reported), without validating it again: values are skipped by their delimiters
     * only. Must not be given bytes that were not validated.
     */
    static void lookup(byte[] b, int i, int end, byte[][] keys, int[] at) {
        for (int k = 0; k < keys.length; k++) {
            at[k] = ABSENT;
        }
        i = ws(b, i + 1, end);
        if (b[i] == '}') {
            return;
        }
        while (true) {
            // Validated keys hold no escapes (the scan refuses them), so their bytes compare as they are.
            int keyEnd = skipString(b, i, end);
            int valueAt = ws(b, ws(b, keyEnd, end) + 1, end);
            record(b, i + 1, keyEnd - 1, keys, at, valueAt, false);
            i = ws(b, skip(b, valueAt, end), end);
            if (b[i] == '}') {
                return;
            }
            i = ws(b, i + 1, end);
        }
    }

    /** The index after the validated value at {@code i}, found by its delimiters. */
    private static int skip(byte[] b, int i, int end) {
        byte c = b[i];
        if (c == '"') {
            return skipString(b, i, end);
        }
        if (c == '{' || c == '[') {
            return skipContainer(b, i, end);
        }
        while (i < end) {
            c = b[i];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    /** The index after the validated string at {@code i}: its closing quote is the first one not escaped. */
    private static int skipString(byte[] b, int i, int end) {
        i++;
        while (true) {
            i = quoteOrBackslash(b, i, end);
            if (b[i] == '"') {
                return i + 1;
            }
            // An escape: the byte after the backslash is never the closing quote (a u-escape's four digits are plain).
            i += 2;
        }
    }

    private static int skipContainer(byte[] b, int i, int end) {
        int depth = 0;
        while (true) {
            byte c = b[i];
            if (c == '"') {
                i = skipString(b, i, end);
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i + 1;
            }
            i++;
        }
    }

    /** The index of the first quote or backslash from {@code i} (there is one: the string is validated). */
    private static int quoteOrBackslash(byte[] b, int i, int end) {
        while (i + Long.BYTES <= end) {
            long v = (long) LONG.get(b, i);
            long quote = v ^ 0x2222222222222222L;
            long backslash = v ^ 0x5C5C5C5C5C5C5C5CL;
            long found = ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash) & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += Long.BYTES;
        }
        while (b[i] != '"' && b[i] != '\\') {
            i++;
        }
        return i;
    }

    /** The index after the value at {@code i}, or {@link #FAIL}. */
    static int value(byte[] b, int i, int end) {
        return value(b, i, end, 0);
    }

    /** Whether the value at {@code at} (a position from {@link #object}, maybe {@link #ABSENT}) starts with c. */
    static boolean is(byte[] b, int at, char c) {
        return at >= 0 && b[at] == c;
    }

    private static int value(byte[] b, int i, int end, int depth) {
        if (i >= end) {
            return FAIL;
        }
        return switch (b[i]) {
            case '"' -> string(b, i, end);
            case '{' -> object(b, i, end, depth + 1, null, null, false);
            case '[' -> array(b, i, end, depth + 1);
            case 't' -> literal(b, i, end, TRUE);
            case 'f' -> literal(b, i, end, FALSE);
            case 'n' -> literal(b, i, end, NULL);
            default -> number(b, i, end);
        };
    }

    private static int object(byte[] b, int i, int end, int depth, byte[][] keys, int[] at, boolean once) {
        if (depth > MAX_DEPTH) {
            return FAIL;
        }
        i = ws(b, i + 1, end);
        if (i < end && b[i] == '}') {
            return i + 1;
        }
        while (i < end && b[i] == '"') {
            int keyEnd = key(b, i, end);
            if (keyEnd < 0) {
                return FAIL;
            }
            int colon = ws(b, keyEnd, end);
            if (colon >= end || b[colon] != ':') {
                return FAIL;
            }
            int start = ws(b, colon + 1, end);
            int valueEnd = value(b, start, end, depth);
            if (valueEnd < 0) {
                return FAIL;
            }
            if (keys != null && !record(b, i + 1, keyEnd - 1, keys, at, start, once)) {
                return FAIL;
            }
            i = ws(b, valueEnd, end);
            if (i >= end) {
                return FAIL;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return FAIL;
            }
            i = ws(b, i + 1, end);
        }
        return FAIL;
    }

    /** Notes where a wanted key's value starts; false for a repeat when {@code once}. */
    private static boolean record(byte[] b, int from, int to, byte[][] keys, int[] at, int valueAt, boolean once) {
        for (int k = 0; k < keys.length; k++) {
            byte[] key = keys[k];
            if (key.length == to - from && regionEquals(b, from, key)) {
                if (once && at[k] != ABSENT) {
                    return false;
                }
                at[k] = valueAt;
                return true;
            }
        }
        return true;
    }

    private static int array(byte[] b, int i, int end, int depth) {
        if (depth > MAX_DEPTH) {
            return FAIL;
        }
        i = ws(b, i + 1, end);
        if (i < end && b[i] == ']') {
            return i + 1;
        }
        while (true) {
            int valueEnd = value(b, i, end, depth);
            if (valueEnd < 0) {
                return FAIL;
            }
            i = ws(b, valueEnd, end);
            if (i >= end) {
                return FAIL;
            }
            if (b[i] == ']') {
                return i + 1;
            }
            if (b[i] != ',') {
                return FAIL;
            }
            i = ws(b, i + 1, end);
        }
    }

    /**
     * {@link #string} for a key, which must not hold an escape: <code>"us&#92;u0061ge"</code> is {@code usage} to
     * Jackson, and comparing raw bytes would miss it. Keys are never escaped in practice.
     */
    private static int key(byte[] b, int i, int end) {
        int p = plain(b, i + 1, end);
        int keyEnd = p < end && b[p] == '"' ? p + 1 : string(b, i, end);
        if (keyEnd < 0 || keyEnd - i - 2 > MAX_KEY_BYTES) {
            return FAIL;
        }
        for (int q = p; q < keyEnd - 1; q++) {
            if (b[q] == '\\') {
                return FAIL;
            }
        }
        return keyEnd;
    }

    /**
     * The index after the string whose opening quote is at {@code i}, or {@link #FAIL}. Plain ASCII, most of an
     * event's bytes, is skipped eight bytes at a time.
     */
    static int string(byte[] b, int i, int end) {
        i++;
        while (i < end) {
            i = plain(b, i, end);
            if (i >= end) {
                return FAIL;
            }
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i = escape(b, i, end);
            } else if (c < 0) {
                i = utf8(b, i, end);
            } else if (c < 0x20) {
                return FAIL;
            } else {
                i++;
            }
            if (i < 0) {
                return FAIL;
            }
        }
        return FAIL;
    }

    /**
     * The index of the first byte from {@code i} that may end a run of plain string content (a quote, a
     * backslash, a control byte or a non-ASCII byte), found a word at a time; near {@code end} it stops early and
     * the caller goes on byte by byte. A flagged byte above the lowest one may be a false positive (a borrow), so
     * only the lowest is used: it is always a real one.
     */
    private static int plain(byte[] b, int i, int end) {
        while (i + Long.BYTES <= end) {
            long v = (long) LONG.get(b, i);
            long quote = v ^ 0x2222222222222222L;
            long backslash = v ^ 0x5C5C5C5C5C5C5C5CL;
            long special = ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash
                    | v - 0x2020202020202020L | v) & HIGH_BITS;
            if (special != 0) {
                return i + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            i += Long.BYTES;
        }
        return i;
    }

    /**
     * The index after the well-formed UTF-8 sequence (RFC 3629: shortest form, no surrogates, at most U+10FFFF)
     * at {@code i}, or {@link #FAIL}. Rejecting the rest keeps decoding context-free: a malformed sequence's
     * replacement could depend on the bytes around it.
     */
    private static int utf8(byte[] b, int i, int end) {
        int lead = b[i] & 0xFF;
        int length;
        int min = 0x80;
        int max = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            min = lead == 0xE0 ? 0xA0 : 0x80;
            max = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            min = lead == 0xF0 ? 0x90 : 0x80;
            max = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return FAIL;
        }
        if (i + length > end) {
            return FAIL;
        }
        int second = b[i + 1] & 0xFF;
        if (second < min || second > max) {
            return FAIL;
        }
        for (int k = i + 2; k < i + length; k++) {
            if ((b[k] & 0xC0) != 0x80) {
                return FAIL;
            }
        }
        return i + length;
    }

    /** The index after the escape at {@code i} (its backslash), or {@link #FAIL}. */
    private static int escape(byte[] b, int i, int end) {
        if (i + 1 >= end) {
            return FAIL;
        }
        return switch (b[i + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i + 2;
            case 'u' -> i + 6 <= end && JsonText.hex(b, i + 2) >= 0 ? i + 6 : FAIL;
            default -> FAIL;
        };
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
    private static int number(byte[] b, int i, int end) {
        int start = i;
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end || !digit(b[i])) {
            return FAIL;
        }
        i = b[i] == '0' ? i + 1 : digits(b, i, end);
        if (i < end && b[i] == '.') {
            int from = i + 1;
            i = digits(b, from, end);
            if (i == from) {
                return FAIL;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int from = i;
            i = digits(b, from, end);
            if (i == from) {
                return FAIL;
            }
        }
        return i - start > MAX_NUMBER_CHARS ? FAIL : i;
    }

    static int digits(byte[] b, int i, int end) {
        while (i < end && digit(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int literal(byte[] b, int i, int end, byte[] word) {
        return end - i >= word.length && regionEquals(b, i, word) ? i + word.length : FAIL;
    }

    static boolean regionEquals(byte[] b, int from, byte[] expected) {
        for (int k = 0; k < expected.length; k++) {
            if (b[from + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }
}
