package dev.spendgate.config;

import java.util.Map;

/**
 * The whole validated configuration snapshot. Built once by {@link ConfigLoader}; never mutated.
 *
 * @param providers provider id to provider, in YAML order
 * @param models    model alias (what clients put in {@code model}) to model, in YAML order
 * @param guardrails budgets, rate limits, caps, keys and required attribution
 * @param routing    retry settings, routing rules and experiments
 * @param state      where budget state lives (this process, or Redis shared by replicas)
 */
public record GatewayConfig(
        ServerConfig server,
        AttributionConfig attribution,
        MetricsConfig metrics,
        LedgerConfig ledger,
        Map<String, ProviderConfig> providers,
        Map<String, ModelConfig> models,
        DefaultsConfig defaults,
        GuardrailsConfig guardrails,
        RoutingConfig routing,
        StateConfig state) {

    /** A snapshot with default routing (no rules, no experiments) and in-process budget state. */
    public GatewayConfig(ServerConfig server, AttributionConfig attribution, MetricsConfig metrics, LedgerConfig ledger,
            Map<String, ProviderConfig> providers, Map<String, ModelConfig> models, DefaultsConfig defaults,
            GuardrailsConfig guardrails) {
        this(server, attribution, metrics, ledger, providers, models, defaults, guardrails, RoutingConfig.defaults(),
                StateConfig.memory());
    }
}
