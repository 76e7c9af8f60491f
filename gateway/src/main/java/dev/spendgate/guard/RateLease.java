package dev.spendgate.guard;

import org.jspecify.annotations.Nullable;

/**
 * The token-counting rate-limit members an admitted request counted against, so the tokens it really used can be
 * added to exactly those members when it ends ({@link RateLimiter#recordTokens}). Opaque to callers; immutable.
 * Each member is the counter it was counted in; that counter knows its limit (by identity, stable across reloads
 * that keep its definition) and member value, which name it again should it have been dropped meanwhile.
 */
public final class RateLease {

    private static final RateLease NONE = new RateLease(new RateWindow[0]);

    private final RateWindow[] members;

    private RateLease(RateWindow[] members) {
        this.members = members;
    }

    /** The non-null counters among the first {@code n} of {@code counted}. */
    static RateLease of(@Nullable RateWindow[] counted, int n) {
        int size = 0;
        for (int i = 0; i < n; i++) {
            size += counted[i] == null ? 0 : 1;
        }
        if (size == 0) {
            return NONE;
        }
        RateWindow[] members = new RateWindow[size];
        int j = 0;
        for (int i = 0; i < n; i++) {
            RateWindow m = counted[i];
            if (m != null) {
                members[j++] = m;
            }
        }
        return new RateLease(members);
    }

    /** A lease on no member: recording tokens on it does nothing. */
    public static RateLease none() {
        return NONE;
    }

    /** The number of counters. */
    int size() {
        return members.length;
    }

    /** Counter {@code i}. */
    RateWindow member(int i) {
        return members[i];
    }

    /** Whether the lease covers no limit. */
    public boolean isEmpty() {
        return members.length == 0;
    }

    @Override
    public String toString() {
        return "RateLease[members=" + members.length + "]";
    }
}
