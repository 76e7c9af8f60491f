package dev.spendgate.config;

import dev.spendgate.metering.ModelPrice;
import dev.spendgate.route.FailureKind;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the {@code models:} table.
 *
 * @param alias           what clients send as {@code model}
 * @param provider        provider id
 * @param upstreamModel   the model id sent to the provider (defaults to the alias)
 * @param price           per-1M-token prices (from YAML, or from the LiteLLM price map when YAML names none)
 * @param contextWindow   input tokens the model holds, or null when unknown
 * @param fallbacks       model aliases tried in order when this one fails (not transitive)
 * @param fallbackOn      the failure kinds that move on to {@code fallbacks}
 * @param contextFallback a model alias tried when the provider answers 400 context-length, or null
 * @param deployments     never empty: the implicit one is {@code (provider, upstreamModel, 1)}
 */
public record ModelConfig(
        String alias,
        String provider,
        String upstreamModel,
        ModelPrice price,
        @Nullable Long contextWindow,
        List<String> fallbacks,
        Set<FailureKind> fallbackOn,
        @Nullable String contextFallback,
        List<Deployment> deployments) {

    public ModelConfig {
        fallbacks = List.copyOf(fallbacks);
        fallbackOn = fallbackOn.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(fallbackOn));
        deployments = deployments.isEmpty()
                ? List.of(new Deployment(provider, upstreamModel, 1)) : List.copyOf(deployments);
    }

    /** A model with no routing settings: unknown context window, no fallbacks, one deployment. */
    public ModelConfig(String alias, String provider, String upstreamModel, ModelPrice price) {
        this(alias, provider, upstreamModel, price, null, List.of(), FailureKind.TRANSIENT, null, List.of());
    }
}
