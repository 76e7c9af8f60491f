package dev.spendgate.guard;

import java.util.Arrays;

/**
 * One rate-limit member's last minute: requests and tokens in 60 one-second buckets (a ring indexed by epoch
 * second). Precision: the window is the current second plus the 59 before it, so a unit leaves the count between
 * 59 and 60 seconds after it was counted (never later: a limit is never stricter than "per 60 s").
 *
 * <p>Every method holds the instance lock for a few dozen array reads, never while calling out; contention is per
 * member (e.g. per customer), not global. A clock step backwards only makes newer buckets look future and ignored
 * until time catches up.
 */
final class RateWindow {

    static final int SLOTS = 60;
    private static final long EMPTY = Long.MIN_VALUE;

    private final long[] stamp = new long[SLOTS];
    private final long[] requests = new long[SLOTS];
    private final long[] tokens = new long[SLOTS];

    RateWindow() {
        Arrays.fill(stamp, EMPTY);
    }

    /**
     * The outcome of {@link #acquire}. Resets are seconds until the remaining allowance next grows: when a limit is
     * exhausted, until the count drops below it; otherwise until the oldest counted unit leaves (0 when none).
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
    synchronized Probe acquire(long nowMillis, long rpm, long tpm, boolean mayCount, boolean force) {
        long second = Math.floorDiv(nowMillis, 1000);
        long req = sum(requests, second);
        long tok = sum(tokens, second);
        boolean reqFull = req >= rpm;
        boolean tokFull = tok >= tpm;
        boolean count = mayCount && (force || !(reqFull || tokFull));
        if (count) {
            requests[slot(second)]++;
            req++;
        }
        return new Probe(reqFull, tokFull, count, second,
                req, untilBelow(requests, nowMillis, Math.min(req, rpm)),
                tok, untilBelow(tokens, nowMillis, Math.min(tok, tpm)));
    }

    /** Takes back a request counted by {@link #acquire} in {@code second} (another limit refused the request). */
    synchronized void undo(long second) {
        int i = Math.floorMod(second, SLOTS);
        if (stamp[i] == second && requests[i] > 0) {
            requests[i]--;
        }
    }

    /** Adds finished requests' tokens to the current second. */
    synchronized void addTokens(long nowMillis, long n) {
        tokens[slot(Math.floorDiv(nowMillis, 1000))] += n;
    }

    /** Index of {@code second}'s bucket, recycling it when it still holds an older second. */
    private int slot(long second) {
        int i = Math.floorMod(second, SLOTS);
        if (stamp[i] != second) {
            stamp[i] = second;
            requests[i] = 0;
            tokens[i] = 0;
        }
        return i;
    }

    private boolean live(int i, long second) {
        return stamp[i] > second - SLOTS && stamp[i] <= second;
    }

    private long sum(long[] counts, long second) {
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (live(i, second)) {
                total += counts[i];
            }
        }
        return total;
    }

    /**
     * Seconds (at least 1) until the oldest buckets leave the window and the count drops below {@code threshold};
     * 0 when {@code threshold <= 0}. The bucket of second {@code s} leaves at {@code (s + 60) * 1000} ms.
     */
    private long untilBelow(long[] counts, long nowMillis, long threshold) {
        if (threshold <= 0) {
            return 0;
        }
        long second = Math.floorDiv(nowMillis, 1000);
        long left = sum(counts, second);
        for (long s = second - SLOTS + 1; s <= second; s++) {
            int i = Math.floorMod(s, SLOTS);
            if (stamp[i] == s) {
                left -= counts[i];
                if (left < threshold) {
                    long leaveMillis = (s + SLOTS) * 1000;
                    return Math.max(1, Math.floorDiv(leaveMillis - nowMillis + 999, 1000));
                }
            }
        }
        return SLOTS;
    }
}
