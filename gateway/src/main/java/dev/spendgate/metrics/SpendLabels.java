package dev.spendgate.metrics;

import io.micrometer.core.instrument.Tags;

/**
 * The bounded label values of one request, as recorded (already capped by {@link LabelLimiter}). It is the key
 * of the token and cost series and part of the key of the request series, so a record lookup finds the
 * already-registered meters without building tags.
 */
record SpendLabels(
        String feature,
        String team,
        String tier,
        String experiment,
        String environment,
        String provider,
        String model,
        String endpoint,
        String usageSource) {

    /** The tags of the token and cost series. */
    Tags tags() {
        return Tags.of(
                GatewayMeters.TAG_FEATURE, feature,
                GatewayMeters.TAG_TEAM, team,
                GatewayMeters.TAG_TIER, tier,
                GatewayMeters.TAG_EXPERIMENT, experiment,
                GatewayMeters.TAG_ENVIRONMENT, environment,
                GatewayMeters.TAG_PROVIDER, provider,
                GatewayMeters.TAG_MODEL, model,
                GatewayMeters.TAG_ENDPOINT, endpoint,
                GatewayMeters.TAG_USAGE_SOURCE, usageSource);
    }
}
