package dev.spendgate.metrics;

import dev.spendgate.attribution.Attribution;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Caps the distinct values of one metric label: the first {@code maxValues} values seen are kept, every later
 * one is reported as {@value #OTHER}. This bounds the series a caller-controlled header can create (a Prometheus
 * series costs memory in the gateway and in Prometheus forever). Known values are looked up without locking;
 * only a value's first sight takes a lock.
 *
 * <p>Sanitising: null, empty or blank becomes {@value Attribution#UNATTRIBUTED}. The values
 * {@value Attribution#UNATTRIBUTED}, {@value #NONE} and {@value #OTHER} are always accepted and use no slot,
 * so unattributed spend stays visible after the cap is reached.
 */
public final class LabelLimiter {

    /** The value reported for a label value beyond the cap. */
    public static final String OTHER = "other";
    /** The value reported for an absent provider or model. */
    public static final String NONE = "none";

    private static final Set<String> RESERVED = Set.of(Attribution.UNATTRIBUTED, NONE, OTHER);

    private final int maxValues;
    private final ConcurrentHashMap<String, String> known = new ConcurrentHashMap<>();

    /** A limiter keeping at most {@code maxValues} distinct values (0 sends everything to {@value #OTHER}). */
    public LabelLimiter(int maxValues) {
        if (maxValues < 0) {
            throw new IllegalArgumentException("maxValues: " + maxValues + " (expected: >= 0)");
        }
        this.maxValues = maxValues;
    }

    /** The label value to record for {@code value}. */
    public String limit(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return Attribution.UNATTRIBUTED;
        }
        String v = known.get(value);
        if (v != null) {
            return v;
        }
        if (RESERVED.contains(value)) {
            return value;
        }
        return admit(value);
    }

    /** How many distinct values have been admitted so far. */
    public int size() {
        return known.size();
    }

    private synchronized String admit(String value) {
        if (known.containsKey(value)) {
            return value;
        }
        if (known.size() >= maxValues) {
            return OTHER;
        }
        known.put(value, value);
        return value;
    }
}
