package dev.spendgate.config;

/**
 * One deployment that serves a model alias, e.g. one Azure region.
 *
 * @param provider      provider id (same provider type as the model's provider)
 * @param upstreamModel the model id sent to that provider
 * @param weight        relative share of traffic among healthy deployments, > 0
 */
public record Deployment(String provider, String upstreamModel, double weight) {
}
