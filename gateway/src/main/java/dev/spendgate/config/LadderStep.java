package dev.spendgate.config;

import java.math.BigDecimal;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One rung of a budget's ladder: from utilisation {@code at} (0.8 = 80%) on, take {@code action}.
 *
 * @param at     utilisation threshold, 0 < at; 1.0 = the limit
 * @param action what to do
 * @param to     for {@link Action#DOWNGRADE}: the model alias to switch to (same API format)
 */
public record LadderStep(BigDecimal at, Action action, @Nullable String to) {

    /** Ladder actions, in increasing strictness. */
    public enum Action {
        WARN,
        DOWNGRADE,
        BLOCK;

        /** YAML / metric value. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
