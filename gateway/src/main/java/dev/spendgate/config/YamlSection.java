package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One YAML mapping with a known set of keys, read with typed accessors that record errors (with the full path)
 * instead of throwing, and fall back to the default so that reading can go on and report everything. Unknown keys
 * are errors that list the known ones, which catches typos such as {@code max_conections}.
 */
final class YamlSection {

    private final @Nullable JsonNode node;
    private final String path;
    private final ConfigErrors errors;

    private YamlSection(@Nullable JsonNode node, String path, ConfigErrors errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    /**
     * A section for {@code node} (absent or YAML null means "all defaults"). Reports a non-mapping node and every
     * key not in {@code knownKeys}.
     */
    static YamlSection of(@Nullable JsonNode node, String path, ConfigErrors errors, List<String> knownKeys) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new YamlSection(null, path, errors);
        }
        if (!node.isObject()) {
            errors.invalid(path, node, "a mapping with keys " + knownKeys);
            return new YamlSection(null, path, errors);
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!knownKeys.contains(key)) {
                errors.add(join(path, key), "unknown key (expected: one of " + knownKeys + ")");
            }
        });
        return new YamlSection(node, path, errors);
    }

    /** The config path of this section, e.g. {@code providers.openai}. */
    String path() {
        return path;
    }

    /** The config path of a key of this section. */
    String path(String key) {
        return join(path, key);
    }

    static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    ConfigErrors errors() {
        return errors;
    }

    /** The raw value of {@code key}, or null when absent or YAML null. */
    @Nullable JsonNode raw(String key) {
        JsonNode value = node == null ? null : node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** A nested section. */
    YamlSection section(String key, List<String> knownKeys) {
        return of(raw(key), path(key), errors, knownKeys);
    }

    /** The entries of a mapping-valued key in YAML order (empty when absent; reported when not a mapping). */
    Map<String, JsonNode> entries(String key, String expected) {
        JsonNode value = raw(key);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!value.isObject()) {
            errors.invalid(path(key), value, expected);
            return out;
        }
        value.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * The items of a list-valued key in YAML order (empty when absent; reported when not a list). Item {@code i}
     * has the path {@code path(key) + "[i]"} ({@link #item}).
     */
    List<JsonNode> items(String key, String expected) {
        JsonNode value = raw(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            errors.invalid(path(key), value, expected);
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        value.elements().forEachRemaining(out::add);
        return out;
    }

    /** The config path of item {@code index} of the list at {@code listPath}, e.g. {@code guardrails.caps[2]}. */
    static String item(String listPath, int index) {
        return listPath + "[" + index + "]";
    }

    /** A string scalar (numbers are taken as written), or null when absent or invalid (invalid is reported). */
    @Nullable String optString(String key, String expected) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            errors.invalid(path(key), value, expected);
            return null;
        }
        return value.asText();
    }

    /** A non-blank string scalar, or {@code def} when absent or invalid (invalid is reported). */
    String string(String key, String def, String expected) {
        String text = nonBlank(key, expected);
        return text == null ? def : text;
    }

    /** A required non-blank string; null (reported) when missing or invalid. */
    @Nullable String required(String key, String expected) {
        if (raw(key) == null) {
            errors.missing(path(key), expected);
            return null;
        }
        return nonBlank(key, expected);
    }

    /** An optional non-blank string; null when absent or invalid (invalid, including blank, is reported). */
    @Nullable String nonBlank(String key, String expected) {
        String text = optString(key, expected);
        JsonNode value = raw(key);
        if (text != null && value != null && text.isBlank()) {
            errors.invalid(path(key), value, expected);
            return null;
        }
        return text;
    }

    /** An integer in {@code [min, max]}, or {@code def} when absent or invalid (invalid is reported). */
    long integer(String key, long def, long min, long max) {
        Long parsed = optInteger(key, min, max);
        return parsed == null ? def : parsed;
    }

    /** An integer in {@code [min, max]}, or null when absent or invalid (invalid is reported). */
    @Nullable Long optInteger(String key, long min, long max) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        String expected = max == Integer.MAX_VALUE || max == Long.MAX_VALUE
                ? "an integer >= " + min : "an integer " + min + ".." + max;
        Long parsed = null;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            parsed = value.longValue();
        } else if (value.isTextual() && value.asText().trim().matches("-?\\d{1,18}")) {
            parsed = Long.parseLong(value.asText().trim());
        }
        if (parsed == null || parsed < min || parsed > max) {
            errors.invalid(path(key), value, expected);
            return null;
        }
        return parsed;
    }

    /** A positive int, or {@code def}. */
    int positiveInt(String key, int def) {
        return (int) integer(key, def, 1, Integer.MAX_VALUE);
    }

    /** {@code true}/{@code false}, or {@code def} when absent or invalid. */
    boolean bool(String key, boolean def) {
        JsonNode value = raw(key);
        if (value == null) {
            return def;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        errors.invalid(path(key), value, "true or false");
        return def;
    }

    /** A duration ({@link Units#duration}) of at least {@code min}, or {@code def}. */
    Duration duration(String key, Duration def, Duration min) {
        JsonNode value = raw(key);
        if (value == null) {
            return def;
        }
        Duration parsed = value.isTextual() ? Units.duration(value.asText()) : null;
        if (parsed == null || parsed.compareTo(min) < 0) {
            String bound = min.isZero() ? "" : " (at least " + min.toMillis() + "ms)";
            errors.invalid(path(key), value, "a duration such as " + Units.DURATION_EXAMPLES + bound);
            return def;
        }
        return parsed;
    }

    /** A positive byte size ({@link Units#bytes}), or {@code def}. */
    long size(String key, long def) {
        JsonNode value = raw(key);
        if (value == null) {
            return def;
        }
        Long parsed = null;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            parsed = value.longValue();
        } else if (value.isTextual()) {
            parsed = Units.bytes(value.asText());
        }
        if (parsed == null || parsed <= 0) {
            errors.invalid(path(key), value, Units.SIZE_EXPECTED);
            return def;
        }
        return parsed;
    }

    /**
     * A non-negative exact decimal, or null when absent or invalid. Taken from the number as written (the YAML
     * mapper keeps floats as BigDecimal), never through a double, so {@code 0.075} stays exactly 0.075.
     */
    @Nullable BigDecimal decimal(String key, String expected) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        BigDecimal parsed = null;
        if (value.isNumber()) {
            parsed = value.decimalValue();
        } else if (value.isTextual()) {
            try {
                parsed = new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                parsed = null;
            }
        }
        if (parsed == null || parsed.signum() < 0) {
            errors.invalid(path(key), value, expected);
            return null;
        }
        return parsed.scale() < 0 ? parsed.setScale(0) : parsed;
    }
}
