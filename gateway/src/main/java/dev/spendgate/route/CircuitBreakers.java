package dev.spendgate.route;

import dev.spendgate.config.ProviderConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker of every configured provider, kept across config reloads: {@link #update} keeps the breaker
 * (and its state) of a provider whose id and circuit breaker settings are unchanged, makes a fresh one for a new or
 * changed provider and drops removed ones, so the map is bounded by the provider count. Reads are lock-free (one
 * volatile immutable map); updates are serialized.
 */
public final class CircuitBreakers {

    private final LongSupplier nanoClock;
    private volatile Map<String, CircuitBreaker> breakers = Map.of();

    /** @param nanoClock monotonic nanoseconds, e.g. {@code System::nanoTime} */
    public CircuitBreakers(Map<String, ProviderConfig> providers, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        update(providers);
    }

    /** Replaces the provider set after a reload (see the class comment). */
    public synchronized void update(Map<String, ProviderConfig> providers) {
        Map<String, CircuitBreaker> old = breakers;
        Map<String, CircuitBreaker> next = new LinkedHashMap<>();
        providers.forEach((id, p) -> {
            CircuitBreaker kept = old.get(id);
            next.put(id, kept != null && kept.config().equals(p.circuitBreaker())
                    ? kept : new CircuitBreaker(p.circuitBreaker(), nanoClock));
        });
        breakers = Collections.unmodifiableMap(next);
    }

    /** The provider's breaker, or null for an unknown provider. */
    public @Nullable CircuitBreaker get(String providerId) {
        return breakers.get(providerId);
    }

    /** Whether the provider takes traffic now (unknown providers: true); does not take a half-open probe. */
    public boolean isAvailable(String providerId) {
        CircuitBreaker b = breakers.get(providerId);
        return b == null || b.isAvailable();
    }

    /** Provider id to breaker, in config order. */
    public Map<String, CircuitBreaker> all() {
        return breakers;
    }
}
