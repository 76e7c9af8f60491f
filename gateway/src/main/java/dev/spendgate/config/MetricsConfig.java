package dev.spendgate.config;

import java.time.Duration;

/**
 * Metric cardinality bounds.
 *
 * @param maxLabelValues    distinct values kept per label before further ones count as {@code other}
 * @param sessionCacheSize  how many session ids are remembered to count first-seen sessions
 * @param sessionTtl        how long a session id is remembered after its last request
 */
public record MetricsConfig(int maxLabelValues, int sessionCacheSize, Duration sessionTtl) {
}
