package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.attribution.Dimension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps {@code match:} blocks to {@link MatchConfig}, and the attribution dimension names used across the
 * guardrails ({@code per}, {@code require}, a key's {@code attribution}).
 */
final class MatchBinder {

    /** The dimension names as written in YAML: feature, team, customer, tier, experiment, environment, session. */
    static final List<String> DIMENSIONS = dimensionKeys();
    static final String DIMENSION_EXPECTED = "one of " + DIMENSIONS;
    static final List<String> MATCH_KEYS = concat(DIMENSIONS, List.of("models", "key"));

    private MatchBinder() {
    }

    /** The entry's {@code match:}; absent means "every request". */
    static MatchConfig match(YamlSection entry, GuardrailRefs refs) {
        YamlSection m = entry.section("match", MATCH_KEYS);
        Map<Dimension, String> attributes = attributes(m);
        Set<String> models = refs.models(m, "models");
        String key = m.nonBlank("key", "a key name under guardrails.keys");
        if (key != null && !refs.isKey(key)) {
            m.errors().invalid(m.path("key"), m.raw("key"), "a key name under guardrails.keys");
            key = null;
        }
        return new MatchConfig(attributes, models, key);
    }

    /**
     * The entry's {@code per:} dimension, or null. A dimension that {@code match} fixes to one value is reported:
     * there would be only one value to split by, which is a mistake (probably the wrong dimension).
     */
    static @Nullable Dimension per(YamlSection entry, MatchConfig match) {
        Dimension per = dimension(entry, "per");
        if (per != null && match.attributes().containsKey(per)) {
            entry.errors().invalid(entry.path("per"), entry.raw("per"), "a dimension not fixed by match (match."
                    + per.key() + " leaves one value, nothing to split by)");
            return null;
        }
        return per;
    }

    /** A mapping of dimension name to value (the section's keys are the dimension names). */
    static Map<Dimension, String> attributes(YamlSection s) {
        Map<Dimension, String> out = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            String value = s.nonBlank(d.key(), "a " + d.key() + " value");
            if (value != null) {
                out.put(d, value);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** An optional dimension name at {@code key}; null when absent or invalid (invalid is reported). */
    static @Nullable Dimension dimension(YamlSection s, String key) {
        String name = s.nonBlank(key, DIMENSION_EXPECTED);
        Dimension d = name == null ? null : byKey(name);
        if (name != null && d == null) {
            s.errors().invalid(s.path(key), s.raw(key), DIMENSION_EXPECTED);
        }
        return d;
    }

    /** A list of distinct dimension names at {@code key} (empty when absent). */
    static List<Dimension> dimensions(YamlSection s, String key) {
        List<Dimension> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : s.items(key, "a list of dimensions, e.g. [feature, team]")) {
            String path = YamlSection.item(s.path(key), i++);
            Dimension d = item.isTextual() ? byKey(item.asText()) : null;
            if (d == null) {
                s.errors().invalid(path, item, DIMENSION_EXPECTED);
            } else if (out.contains(d)) {
                s.errors().invalid(path, item, "each dimension once");
            } else {
                out.add(d);
            }
        }
        return List.copyOf(out);
    }

    private static @Nullable Dimension byKey(String name) {
        for (Dimension d : Dimension.values()) {
            if (d.key().equals(name)) {
                return d;
            }
        }
        return null;
    }

    private static List<String> dimensionKeys() {
        List<String> keys = new ArrayList<>();
        for (Dimension d : Dimension.values()) {
            keys.add(d.key());
        }
        return List.copyOf(keys);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
