package dev.spendgate.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A lock-free read-through cache of at most {@code maxSize} entries, for values that can always be recomputed to
 * the same result (already-registered meters found again by their labels). A hit is one map lookup. When a miss
 * finds the cache full, it is emptied first: under normal load it never fills (the keys are bounded label
 * tuples); under a flood of distinct keys, each miss costs what the uncached path costs and memory stays bounded.
 */
final class BoundedCache<K, V> {

    private final int maxSize;
    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();

    BoundedCache(int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: >= 1)");
        }
        this.maxSize = maxSize;
    }

    /** The cached value of {@code key}, computed (and cached) on a miss. */
    V get(K key, Function<? super K, ? extends V> compute) {
        V v = map.get(key);
        if (v != null) {
            return v;
        }
        if (map.size() >= maxSize) {
            map.clear();
        }
        return map.computeIfAbsent(key, compute);
    }

    /** How many entries are cached. */
    int size() {
        return map.size();
    }
}
