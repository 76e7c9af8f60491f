package dev.spendgate.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.spendgate.attribution.Attribution;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts first-seen sessions per feature, so {@code cost / sessions} can be graphed without a session label.
 * Remembered sessions live in a bounded cache ({@code maximumSize} + {@code expireAfterAccess}): a session idle
 * longer than the TTL, or evicted by size, counts again when it comes back, so the count is "sessions active
 * within the TTL", an upper bound of distinct sessions. {@value Attribution#UNATTRIBUTED} is never counted.
 */
final class SessionCounter {

    private record FeatureSession(String feature, String session) {
    }

    private final MeterRegistry registry;
    private final Cache<FeatureSession, Boolean> seen;
    private final ConcurrentHashMap<String, Counter> perFeature = new ConcurrentHashMap<>();

    SessionCounter(MeterRegistry registry, long maxSessions, Duration ttl, Ticker ticker) {
        this.registry = registry;
        this.seen = Caffeine.newBuilder()
                .maximumSize(maxSessions)
                .expireAfterAccess(ttl)
                .ticker(ticker)
                // Upkeep on the recording thread (an event loop): no common-pool task woken per request.
                .executor(Runnable::run)
                .build();
    }

    /** Counts the session for the (already capped) feature label if it is not remembered. */
    void seen(String featureLabel, String session) {
        if (session.isBlank() || Attribution.UNATTRIBUTED.equals(session)) {
            return;
        }
        if (seen.asMap().putIfAbsent(new FeatureSession(featureLabel, session), Boolean.TRUE) == null) {
            counter(featureLabel).increment();
        }
    }

    private Counter counter(String featureLabel) {
        Counter c = perFeature.get(featureLabel);
        return c != null ? c : perFeature.computeIfAbsent(featureLabel, f -> Counter.builder(GatewayMeters.SESSIONS)
                .description("Sessions seen for the first time (within the session TTL), per feature")
                .tag(GatewayMeters.TAG_FEATURE, f)
                .register(registry));
    }
}
