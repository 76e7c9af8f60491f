package dev.spendgate.config;

import java.util.List;

/**
 * The {@code routing} section.
 *
 * @param rules       first match wins
 * @param experiments the first matching experiment assigns an arm
 */
public record RoutingConfig(RetryConfig retry, List<RouteRule> rules, List<ExperimentConfig> experiments) {

    public RoutingConfig {
        rules = List.copyOf(rules);
        experiments = List.copyOf(experiments);
    }

    /** Default retry, no rules, no experiments. */
    public static RoutingConfig defaults() {
        return new RoutingConfig(RetryConfig.defaults(), List.of(), List.of());
    }
}
