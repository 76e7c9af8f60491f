package dev.spendgate.inspect;

import dev.spendgate.api.Endpoint;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Validates and normalises request paths before routing. A path a provider (or a proxy in front of it) could read
 * differently from the gateway is refused: dot segments, empty segments, backslashes, encoded slashes, dots,
 * backslashes or percent signs, malformed percent-escapes, and near-misses of the metered endpoints (trailing
 * slash, other case). Otherwise {@code /v1/./chat/completions} would pass as an unmetered passthrough with the
 * gateway's key and be normalised into a chat completion upstream.
 *
 * <p>Percent-encoded unreserved characters (RFC 3986 section 2.3: ALPHA, DIGIT, {@code -}, {@code _}, {@code ~};
 * an encoded {@code .} is refused above) are equivalent to the characters themselves (section 6.2.2.2), and
 * providers decode them: {@code /v1/%6Dessages} is {@code /v1/messages}. The gateway classifies and forwards the
 * {@link #normalized} path, so such a request is metered as the endpoint it really calls.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /** What is wrong with {@code path}, or null when it may be routed (as {@link #normalized}). */
    public static @Nullable String problem(String path) {
        if (!path.startsWith("/")) {
            return "the path must start with '/'";
        }
        if (path.contains("//") || path.contains("\\")) {
            return "the path has an empty segment or a backslash";
        }
        String decoded = path;
        if (path.indexOf('%') >= 0) {
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.contains("%2f") || lower.contains("%2e") || lower.contains("%5c") || lower.contains("%25")) {
                return "the path has an encoded '/', '.', '\\' or '%'";
            }
            int bad = malformedEscape(path);
            if (bad >= 0) {
                return "the path has a malformed percent-escape at '"
                        + path.substring(bad, Math.min(path.length(), bad + 3))
                        + "' (expected: '%' followed by two hex digits)";
            }
            decoded = normalized(path);
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "the path has a '.' or '..' segment";
            }
        }
        String lower = decoded.toLowerCase(Locale.ROOT);
        String trimmed = lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
        for (Endpoint e : Endpoint.values()) {
            if (e != Endpoint.OTHER && e.path().equals(trimmed) && !e.path().equals(decoded)) {
                return "use the exact path " + e.path();
            }
        }
        return null;
    }

    /**
     * {@code path} with its percent-encoded unreserved characters decoded; other escapes are kept as they are.
     * Returns {@code path} itself, with no copy, when it has no {@code %} (the common case). Meant for a path
     * {@link #problem} accepted.
     */
    public static String normalized(String path) {
        int i = path.indexOf('%');
        if (i < 0) {
            return path;
        }
        StringBuilder b = new StringBuilder(path.length()).append(path, 0, i);
        for (; i < path.length(); i++) {
            char c = path.charAt(i);
            int value = c == '%' ? escaped(path, i) : -1;
            if (value >= 0 && isUnreserved((char) value)) {
                b.append((char) value);
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The index of the first {@code %} not followed by two hex digits, or -1. */
    private static int malformedEscape(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (escaped(path, i) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** The byte value of the escape at {@code i} (a {@code %}), or -1 when it is not two hex digits. */
    private static int escaped(String path, int i) {
        if (i + 2 >= path.length()) {
            return -1;
        }
        int hi = hex(path.charAt(i + 1));
        int lo = hex(path.charAt(i + 2));
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }

    /** An ASCII hex digit's value, or -1 ({@link Character#digit} would also take other scripts' digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** RFC 3986 section 2.3 {@code unreserved}, except {@code .} (an encoded dot is refused, see the class). */
    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '~';
    }
}
