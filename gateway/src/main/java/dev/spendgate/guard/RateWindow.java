package dev.spendgate.guard;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One rate-limit member's last minute: requests (and, for limits with a token limit, tokens) in 60 one-second
 * buckets, a ring indexed by epoch second. Precision: the window is the current second plus the 59 before it, so a
 * unit leaves the count between 59 and 60 seconds after it was counted (a limit is never stricter than "per 60 s").
 *
 * <p>The ring is advanced lazily: moving to a newer second zeroes the buckets of the seconds skipped, so every
 * bucket always belongs to the last minute and no per-bucket timestamp is stored (about 300 bytes per member, 800
 * with tokens); the sums of the minute are kept as running totals, so a check reads no more than it must to find
 * when the count next drops. A clock step backwards keeps counting into the newest bucket.
 *
 * <p>A window is an entry of the limiter's {@link MemberTable}: {@link #acquire} and {@link #addTokens} run under
 * its lock (taken through the table), {@link #undo} takes it itself. The lock is per member (e.g. per customer),
 * not global. A window idle for {@link #IDLE_MILLIS} has an empty minute and is dropped.
 */
final class RateWindow extends MemberTable.Entry {

    static final int SLOTS = 60;

    /** Idle time after which a member's counters are dropped (its minute is empty long before). */
    static final long IDLE_MILLIS = 3 * 60_000;

    private final int[] requests = new int[SLOTS];
    private final long @Nullable [] tokens;
    private long last = Long.MIN_VALUE;
    /** The sums of {@link #requests} and {@link #tokens}. */
    private long requestTotal;
    private long tokenTotal;

    /** @param countsTokens whether the limit has a token limit (allocates the token buckets) */
    private final @Nullable SharedRates shared;
    private final String key;

    RateWindow(boolean countsTokens) {
        this(countsTokens, null, "");
    }

    /** A window whose counts live in {@code shared} under {@code key} (local slots while it returns null). */
    RateWindow(boolean countsTokens, @Nullable SharedRates shared, String key) {
        this.tokens = countsTokens ? new long[SLOTS] : null;
        this.shared = shared;
        this.key = key;
    }

    /**
     * The outcome of {@link #acquire}. Resets are seconds until the remaining allowance next grows: when a limit is
     * exhausted, until the count drops below it; otherwise until the oldest counted unit leaves (0 when none, or
     * when that kind has no limit).
     */
    record Probe(boolean requestsFull, boolean tokensFull, boolean counted, long second,
            long requests, long requestsReset, long tokens, long tokensReset) {

        boolean full() {
            return requestsFull || tokensFull;
        }
    }

    /**
     * Atomically checks the limits and, when {@code mayCount} and (not full or {@code force}), counts one request
     * in the current second.
     *
     * @param rpm requests per minute, {@link Long#MAX_VALUE} when unlimited
     * @param tpm tokens per minute, {@link Long#MAX_VALUE} when unlimited
     */
    Probe acquire(long nowMillis, long rpm, long tpm, boolean mayCount, boolean force) {
        SharedRates.Slots remote = shared == null ? null : shared.acquire(key, rpm, tpm, mayCount, force);
        if (remote != null) {
            return load(remote, rpm, tpm);
        }
        long second = advance(nowMillis);
        long req = requestTotal;
        long tok = tokenTotal;
        boolean reqFull = req >= rpm;
        boolean tokFull = tok >= tpm;
        boolean count = mayCount && (force || !(reqFull || tokFull));
        if (count) {
            requests[Math.floorMod(second, SLOTS)]++;
            requestTotal++;
            req++;
        }
        long reqReset = rpm == Long.MAX_VALUE ? 0 : untilBelow(null, nowMillis, Math.min(req, rpm));
        long tokReset = tokens == null || tpm == Long.MAX_VALUE ? 0 : untilBelow(tokens, nowMillis, Math.min(tok, tpm));
        return new Probe(reqFull, tokFull, count, second, req, reqReset, tok, tokReset);
    }

    /** The probe of a shared count: the local slots are replaced by the store's (so a fallback starts from them). */
    private Probe load(SharedRates.Slots remote, long rpm, long tpm) {
        long second = Math.floorDiv(remote.nowMillis(), 1000);
        Arrays.fill(requests, 0);
        if (tokens != null) {
            Arrays.fill(tokens, 0);
        }
        last = second;
        remote.requests().forEach((s, n) -> {
            if (s > second - SLOTS && s <= second) {
                requests[Math.floorMod(s, SLOTS)] += n.intValue();
            }
        });
        if (tokens != null) {
            remote.tokens().forEach((s, n) -> {
                if (s > second - SLOTS && s <= second) {
                    tokens[Math.floorMod(s, SLOTS)] += n;
                }
            });
        }
        requestTotal = sum(null);
        tokenTotal = tokens == null ? 0 : sum(tokens);
        long req = requestTotal;
        long tok = tokenTotal;
        long before = remote.counted() ? req - 1 : req;
        long now = remote.nowMillis();
        long reqReset = rpm == Long.MAX_VALUE ? 0 : untilBelow(null, now, Math.min(req, rpm));
        long tokReset = tokens == null || tpm == Long.MAX_VALUE ? 0 : untilBelow(tokens, now, Math.min(tok, tpm));
        return new Probe(before >= rpm, tok >= tpm, remote.counted(), second, req, reqReset, tok, tokReset);
    }

    /**
     * Takes back a request counted by {@link #acquire} in {@code second} (another limit refused the request); takes
     * the window's lock itself, whether or not the window is still in its table.
     */
    void undo(long second) {
        lock();
        try {
            if (shared != null) {
                shared.undo(key, second);
            }
            int i = Math.floorMod(second, SLOTS);
            if (second > last - SLOTS && requests[i] > 0) {
                requests[i]--;
                requestTotal--;
            }
        } finally {
            unlock();
        }
    }

    /** Adds finished requests' tokens to the current second (no-op when the limit counts no tokens). */
    void addTokens(long nowMillis, long n) {
        if (shared != null) {
            shared.addTokens(key, n);
        }
        if (tokens != null) {
            tokens[Math.floorMod(advance(nowMillis), SLOTS)] += n;
            tokenTotal += n;
        }
    }

    @Override
    boolean expired(long nowMillis) {
        return nowMillis - used >= IDLE_MILLIS;
    }

    @Override
    int weight() {
        return 1;
    }

    @Override
    boolean removable() {
        return false;
    }

    /** Moves the ring to {@code nowMillis}'s second (or keeps the newest, if the clock went back); returns it. */
    private long advance(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        if (second <= last) {
            return last;
        }
        if (last == Long.MIN_VALUE || second - last >= SLOTS) {
            // Every bucket is older than the minute.
            Arrays.fill(requests, 0);
            requestTotal = 0;
            if (tokens != null) {
                Arrays.fill(tokens, 0);
                tokenTotal = 0;
            }
        } else {
            for (int i = Math.floorMod(last + 1, SLOTS), n = (int) (second - last); n > 0; n--) {
                requestTotal -= requests[i];
                requests[i] = 0;
                if (tokens != null) {
                    tokenTotal -= tokens[i];
                    tokens[i] = 0;
                }
                i = i + 1 == SLOTS ? 0 : i + 1;
            }
        }
        last = second;
        return second;
    }

    /** @param counts the token buckets, or null for the request buckets */
    private long sum(long @Nullable [] counts) {
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            total += counts == null ? requests[i] : counts[i];
        }
        return total;
    }

    /**
     * Seconds (at least 1) until the oldest buckets leave the window and the count drops below {@code threshold};
     * 0 when {@code threshold <= 0}. The bucket of second {@code s} leaves at {@code (s + 60) * 1000} ms.
     */
    private long untilBelow(long @Nullable [] counts, long nowMillis, long threshold) {
        if (threshold <= 0) {
            return 0;
        }
        long left = counts == null ? requestTotal : tokenTotal;
        long first = last - SLOTS + 1;
        for (int k = 0, i = Math.floorMod(first, SLOTS); k < SLOTS; k++) {
            left -= counts == null ? requests[i] : counts[i];
            if (left < threshold) {
                return Math.max(1, Math.floorDiv((first + k + SLOTS) * 1000 - nowMillis + 999, 1000));
            }
            i = i + 1 == SLOTS ? 0 : i + 1;
        }
        return SLOTS;
    }
}
