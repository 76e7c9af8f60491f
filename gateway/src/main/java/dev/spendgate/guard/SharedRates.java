package dev.spendgate.guard;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Rate-limit counters shared by replicas (e.g. in Redis), keyed by a (limit, member) name that is the same on
 * every replica. Each counter is the request and token counts of the last 60 one-second slots, timed by the shared
 * store's clock; {@link RateWindow} keeps using its local slots when this returns null.
 */
public interface SharedRates {

    /**
     * Atomically: sums the last minute of {@code key} and, when {@code mayCount} and ({@code force} or both sums
     * are below their limits), counts one request now.
     *
     * @return the counts after the call, or null to count locally (the store is away and the policy is fail_open)
     */
    @Nullable Slots acquire(String key, long rpm, long tpm, boolean mayCount, boolean force);

    /** Takes back one request counted in {@code second} (never blocks). */
    void undo(String key, long second);

    /** Adds tokens to the current second (never blocks). */
    void addTokens(String key, long tokens);

    /**
     * The last minute of one counter.
     *
     * @param nowMillis the store's clock at the call
     * @param counted   whether this call counted the request
     * @param requests  requests by epoch second (the last 60 seconds)
     * @param tokens    tokens by epoch second
     */
    record Slots(long nowMillis, boolean counted, Map<Long, Long> requests, Map<Long, Long> tokens) {
    }
}
