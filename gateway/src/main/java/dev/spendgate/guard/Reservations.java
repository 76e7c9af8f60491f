package dev.spendgate.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The reservations of one (budget, member), by request id. Not thread-safe: owned by a {@link MemberBook}.
 *
 * <p>A live reservation holds budget until it is settled or released, or until its lease ends (a request that
 * never settles must not hold budget forever). When the lease ends it <i>lapses</i>: its amount stops counting,
 * but its bucket is remembered for one more lease so that a late settle still charges the actual spend, once, to
 * the right bucket. Both maps are in insertion order and every lease has the same length, so expired entries are
 * always at the head and purging is amortised O(1).
 */
final class Reservations {

    /**
     * One reservation.
     *
     * @param bucket the bucket it was made in; its settle goes there
     * @param amount what it holds (zero once lapsed)
     * @param until  when the lease ends (lapsed: when it is forgotten)
     */
    record Hold(String bucket, Amount amount, Instant until) {
    }

    private final Duration lease;
    private final LinkedHashMap<String, Hold> live = new LinkedHashMap<>();
    private final LinkedHashMap<String, Hold> lapsed = new LinkedHashMap<>();
    private Instant horizon = Instant.MIN;
    /** No live lease ends before this (a lower bound; MAX when none is live). */
    private Instant nextLapse = Instant.MAX;
    /** No lapsed reservation is forgotten before this (a lower bound; MAX when none is held). */
    private Instant nextForget = Instant.MAX;

    Reservations(Duration lease) {
        this.lease = lease;
    }

    /** The live reservation of {@code requestId}, if any. */
    @Nullable Hold live(String requestId) {
        return live.get(requestId);
    }

    /** Adds a live reservation made at {@code now} (a previous one of the same id must have been taken). */
    void add(String requestId, String bucket, Amount amount, Instant now) {
        Instant until = now.plus(lease);
        live.put(requestId, new Hold(bucket, amount, until));
        horizon = max(horizon, until);
        nextLapse = until.isBefore(nextLapse) ? until : nextLapse;
    }

    /** Removes and returns the reservation of {@code requestId}: a live one, or a lapsed one with zero amount. */
    @Nullable Hold take(String requestId) {
        Hold hold = live.remove(requestId);
        return hold != null ? hold : lapsed.remove(requestId);
    }

    /**
     * Whether {@link #expire} at {@code now} may change anything: false when no lease can have ended and no
     * lapsed reservation can be due, which is the common case and costs two comparisons.
     */
    boolean due(Instant now) {
        return !nextLapse.isAfter(now) || !nextForget.isAfter(now);
    }

    /** Lapses live reservations whose lease ended (handing each to {@code onLapse}) and forgets old lapsed ones. */
    void expire(Instant now, Consumer<Hold> onLapse) {
        Iterator<Map.Entry<String, Hold>> it = live.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Hold> e = it.next();
            Hold hold = e.getValue();
            if (hold.until().isAfter(now)) {
                break;
            }
            it.remove();
            onLapse.accept(hold);
            Instant forgetAt = hold.until().plus(lease);
            lapsed.put(e.getKey(), new Hold(hold.bucket(), Amount.ZERO, forgetAt));
            horizon = max(horizon, forgetAt);
            nextForget = forgetAt.isBefore(nextForget) ? forgetAt : nextForget;
        }
        Iterator<Hold> old = lapsed.values().iterator();
        while (old.hasNext() && !old.next().until().isAfter(now)) {
            old.remove();
        }
        // The heads left are not due yet (or the maps are empty): they bound the next due instants.
        nextLapse = live.isEmpty() ? Instant.MAX : live.values().iterator().next().until();
        nextForget = lapsed.isEmpty() ? Instant.MAX : lapsed.values().iterator().next().until();
    }

    /** Live and lapsed reservations held. */
    int size() {
        return live.size() + lapsed.size();
    }

    /** After this instant nothing here needs remembering (an upper bound). */
    Instant horizon() {
        return horizon;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
