package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects every configuration error before failing (STYLE 12), and renders offending values safely: values at
 * secret paths (API keys, extra provider headers) are never shown, and values that came from an environment
 * reference name that reference so ops know where to look.
 */
final class ConfigErrors {

    private static final int MAX_SHOWN_CHARS = 80;

    private final List<String> errors = new ArrayList<>();
    /** Config path to the original text of a string that contained {@code ${...}} references. */
    private final Map<String, String> envOrigins = new HashMap<>();
    /** Paths whose environment reference failed: already reported, so their value is not reported again. */
    private final Set<String> envFailures = new HashSet<>();

    /** Records that the value at {@code path} was produced from {@code original} by environment resolution. */
    void envOrigin(String path, String original) {
        envOrigins.put(path, original);
    }

    /** Records that resolving the value at {@code path} failed (and was reported). */
    void envFailed(String path) {
        envFailures.add(path);
    }

    /** Adds a free-form problem: {@code path: problem}. */
    void add(String path, String problem) {
        errors.add(path + ": " + problem);
    }

    /** Adds {@code path: <value> (expected: ...)}. */
    void invalid(String path, JsonNode value, String expected) {
        if (envFailures.contains(path)) {
            return;
        }
        add(path, show(path, value) + " (expected: " + expected + ")");
    }

    /** Adds {@code path: missing (expected: ...)}. */
    void missing(String path, String expected) {
        if (envFailures.contains(path)) {
            return;
        }
        add(path, "missing (expected: " + expected + ")");
    }

    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<String> list() {
        return List.copyOf(errors);
    }

    /**
     * How a value appears in an error message. Values at secret paths are hidden, and so is any value that came
     * from the environment: any variable may hold a secret (a key put in the wrong field), so only the
     * reference is shown.
     */
    String show(String path, JsonNode value) {
        String origin = envOrigins.get(path);
        if (origin != null) {
            return "the value of '" + origin + "' (not shown)";
        }
        if (isSecretPath(path)) {
            return "<hidden>";
        }
        String shown;
        if (value.isObject()) {
            shown = "a mapping";
        } else if (value.isArray()) {
            shown = "a list";
        } else if (value.isNull()) {
            shown = "an empty value";
        } else {
            String text = redactUrl(value.asText());
            if (text.length() > MAX_SHOWN_CHARS) {
                text = text.substring(0, MAX_SHOWN_CHARS) + "...";
            }
            shown = "'" + text + "'";
        }
        return shown;
    }

    /** A URL's user info and query may carry credentials: never echo them. */
    static String redactUrl(String text) {
        String out = text.replaceAll("(?i)^([a-z][a-z0-9+.-]*://)[^/@\\s]*@", "$1<hidden>@");
        int q = out.indexOf('?');
        return q >= 0 && out.contains("://") ? out.substring(0, q) + "?<hidden>" : out;
    }

    /**
     * API keys and extra provider headers (which may carry tokens) are secret. So is a gateway key's
     * {@code sha256}: a hash reveals nothing, but the likeliest mistake there is pasting the plain key.
     */
    static boolean isSecretPath(String path) {
        return path.startsWith("providers.") && (path.endsWith(".api_key") || path.contains(".headers."))
                || path.startsWith("guardrails.keys[") && path.endsWith(".sha256");
    }
}
