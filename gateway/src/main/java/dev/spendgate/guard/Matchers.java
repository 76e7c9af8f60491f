package dev.spendgate.guard;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.MatchConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether a budget, limit or cap's {@code match:} applies to a request. Shared by every guard; {@link #compile}
 * prepares a match once per config snapshot for the per-request path.
 */
public final class Matchers {

    private Matchers() {
    }

    /** A match prepared for repeated use: the same answers as {@link #matches}, without walking a map. */
    static final class Compiled {
        private final Dimension[] dimensions;
        private final String[] values;
        private final Set<String> models;
        private final @Nullable String key;

        private Compiled(MatchConfig match) {
            this.dimensions = match.attributes().keySet().toArray(new Dimension[0]);
            this.values = new String[dimensions.length];
            for (int i = 0; i < dimensions.length; i++) {
                values[i] = match.attributes().get(dimensions[i]);
            }
            this.models = match.models();
            this.key = match.key();
        }

        /** See {@link Matchers#matches}. */
        boolean matches(Attribution attribution, String model, @Nullable String requestKey) {
            for (int i = 0; i < dimensions.length; i++) {
                if (!values[i].equals(attribution.get(dimensions[i]))) {
                    return false;
                }
            }
            if (!models.isEmpty() && !models.contains(model)) {
                return false;
            }
            return key == null || key.equals(requestKey);
        }
    }

    /** Prepares {@code match} for {@link Compiled#matches}. */
    static Compiled compile(MatchConfig match) {
        return new Compiled(match);
    }

    /**
     * True when every condition of {@code match} holds: each attribute equals the request's value (a missing
     * header is {@code unattributed}), the model is one of {@code match.models} (when given), and the key is
     * {@code match.key} (when given).
     *
     * @param model the model alias the client asked for
     * @param key   the gateway key name, or null when the request carried none
     */
    public static boolean matches(MatchConfig match, Attribution attribution, String model, @Nullable String key) {
        for (Map.Entry<Dimension, String> e : match.attributes().entrySet()) {
            if (!e.getValue().equals(attribution.get(e.getKey()))) {
                return false;
            }
        }
        if (!match.models().isEmpty() && !match.models().contains(model)) {
            return false;
        }
        return match.key() == null || Objects.equals(match.key(), key);
    }
}
