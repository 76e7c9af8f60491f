package dev.spendgate.inspect;

import dev.spendgate.api.Endpoint;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Validates request paths before routing. A path a provider (or a proxy in front of it) could read differently
 * from the gateway is refused: dot segments, empty segments, backslashes, encoded slashes, dots or backslashes,
 * and near-misses of the metered endpoints (trailing slash, other case). Otherwise {@code /v1/./chat/completions}
 * would pass as an unmetered passthrough with the gateway's key and be normalised into a chat completion upstream.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /** What is wrong with {@code path}, or null when it may be routed. */
    public static @Nullable String problem(String path) {
        if (!path.startsWith("/")) {
            return "the path must start with '/'";
        }
        if (path.contains("//") || path.contains("\\")) {
            return "the path has an empty segment or a backslash";
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%2e") || lower.contains("%5c") || lower.contains("%25")) {
            return "the path has an encoded '/', '.', '\\' or '%'";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "the path has a '.' or '..' segment";
            }
        }
        String trimmed = lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
        for (Endpoint e : Endpoint.values()) {
            if (e != Endpoint.OTHER && e.path().equals(trimmed) && !e.path().equals(path)) {
                return "use the exact path " + e.path();
            }
        }
        return null;
    }
}
