package dev.spendgate.route;

import dev.spendgate.config.ModelConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where one request goes: the primary model after rules and experiments, and the chain to try when it fails.
 *
 * @param primary         the model the first attempt goes to
 * @param rule            the name of the routing rule that changed the model, or null
 * @param experiment      the name of the experiment that assigned an arm, or null
 * @param arm             the assigned arm's name, or null
 * @param fallbacks       the primary's {@code fallbacks}, in order (not transitive)
 * @param contextFallback the primary's {@code context_fallback}, or null
 */
public record RoutePlan(
        ModelConfig primary,
        @Nullable String rule,
        @Nullable String experiment,
        @Nullable String arm,
        List<ModelConfig> fallbacks,
        @Nullable ModelConfig contextFallback) {

    public RoutePlan {
        fallbacks = List.copyOf(fallbacks);
    }
}
