package dev.spendgate.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Byte-level helpers of {@link UsageChunkStripper}: find the data line, decide a drop, locate the cut. */
final class StrippedEvent {

    /** Length of {@code ,"usage":null} and of {@code "usage":null,}. */
    static final int NULL_USAGE_WITH_COMMA = 13;

    private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};
    private static final byte[] USAGE_KEY = {'"', 'u', 's', 'a', 'g', 'e', '"'};
    private static final byte[] NULL_USAGE = {'"', 'u', 's', 'a', 'g', 'e', '"', ':', 'n', 'u', 'l', 'l'};

    private StrippedEvent() {
    }

    /**
     * The value of the event's only {@code data:} line, packed as {@code valueStart << 32 | valueEnd} to avoid an
     * allocation per event; -1 when the event has no data line or several.
     */
    static long singleDataLine(byte[] b, int from, int to) {
        long found = -1;
        int i = from;
        while (i < to) {
            int lineEnd = i;
            while (lineEnd < to && b[lineEnd] != '\r' && b[lineEnd] != '\n') {
                lineEnd++;
            }
            if (regionMatches(b, i, lineEnd, DATA)) {
                if (found >= 0) {
                    return -1;
                }
                int valueStart = i + DATA.length;
                if (valueStart < lineEnd && b[valueStart] == ' ') {
                    valueStart++;
                }
                found = (long) valueStart << 32 | lineEnd;
            }
            i = lineEnd + 1;
            if (lineEnd < to && b[lineEnd] == '\r' && i < to && b[i] == '\n') {
                i++;
            }
        }
        return found;
    }

    /**
     * Whether the JSON is the extra usage chunk: a non-null {@code usage} object and an empty {@code choices}
     * array. Jackson runs only when a {@code "usage"} key is followed by an object, i.e. once per stream.
     */
    static boolean isUsageOnlyChunk(byte[] b, int from, int to) {
        if (!hasUsageObject(b, from, to)) {
            return false;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(b, from, to - from);
            return root != null && root.path("usage").isObject()
                    && root.path("choices").isArray() && root.path("choices").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Start of the 13 bytes to cut, {@code ,"usage":null} or {@code "usage":null,}, at the top level of the JSON
     * object in {@code [from, to)}; -1 when there is none.
     */
    static int findNullUsage(byte[] b, int from, int to) {
        for (int p = indexOf(b, from, to, NULL_USAGE); p >= 0; p = indexOf(b, p + 1, to, NULL_USAGE)) {
            if (depthAt(b, from, p) != 1) {
                continue;
            }
            if (p > from && b[p - 1] == ',') {
                return p - 1;
            }
            int after = p + NULL_USAGE.length;
            if (after < to && b[after] == ',') {
                return p;
            }
        }
        return -1;
    }

    private static boolean hasUsageObject(byte[] b, int from, int to) {
        for (int p = indexOf(b, from, to, USAGE_KEY); p >= 0; p = indexOf(b, p + 1, to, USAGE_KEY)) {
            int i = skipSpace(b, p + USAGE_KEY.length, to);
            if (i < to && b[i] == ':') {
                i = skipSpace(b, i + 1, to);
                if (i < to && b[i] == '{') {
                    return true;
                }
            }
        }
        return false;
    }

    /** JSON nesting depth at {@code at}, or -1 when {@code at} is inside a string. */
    private static int depthAt(byte[] b, int from, int at) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < at; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return inString ? -1 : depth;
    }

    private static int skipSpace(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean regionMatches(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[from + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte[] needle) {
        int last = to - needle.length;
        for (int i = from; i <= last; i++) {
            if (b[i] == needle[0] && regionMatches(b, i, to, needle)) {
                return i;
            }
        }
        return -1;
    }
}
