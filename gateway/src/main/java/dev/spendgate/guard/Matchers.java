package dev.spendgate.guard;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.MatchConfig;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Whether a budget, limit or cap's {@code match:} applies to a request. Shared by every guard. */
public final class Matchers {

    private Matchers() {
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
