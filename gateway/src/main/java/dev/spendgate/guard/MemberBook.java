package dev.spendgate.guard;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The budget state of one (budget, member): its buckets (spent and reserved totals, each with an expiry) and its
 * reservations. Not thread-safe: {@link InMemoryBudgetStore} only touches a book under its monitor, between
 * {@link MemberTable#enter} and {@link MemberTable#exit}, which is what makes a reserve's check-then-add atomic
 * per (budget, member). Every operation is preceded by {@link #purge} with the same {@code now}.
 *
 * <p>Totals stay exact {@link BigDecimal}s, each the sum of everything added since the bucket started from zero,
 * so every figure (value and scale) is what summing {@link Amount}s gives; a bucket is mutated in place.
 */
final class MemberBook extends MemberTable.Entry {

    /** One bucket's totals; mutated in place under the book's monitor. */
    private static final class Bucket {
        final Instant expiresAt;
        BigDecimal spentUsd = BigDecimal.ZERO;
        long spentTokens;
        long spentRequests;
        BigDecimal reservedUsd = BigDecimal.ZERO;
        long reservedTokens;
        long reservedRequests;

        Bucket(Instant expiresAt) {
            this.expiresAt = expiresAt;
        }

        void add(Amount spent) {
            spentUsd = spentUsd.add(spent.usd());
            spentTokens += spent.tokens();
            spentRequests += spent.requests();
        }

        void reserve(Amount amount) {
            reservedUsd = reservedUsd.add(amount.usd());
            reservedTokens += amount.tokens();
            reservedRequests += amount.requests();
        }

        void unreserve(Amount amount) {
            reservedUsd = reservedUsd.subtract(amount.usd());
            reservedTokens -= amount.tokens();
            reservedRequests -= amount.requests();
        }

        Amount spent() {
            return new Amount(spentUsd, spentTokens, spentRequests);
        }

        Amount reserved() {
            return new Amount(reservedUsd, reservedTokens, reservedRequests);
        }
    }

    private final HashMap<String, Bucket> buckets = new HashMap<>(4);
    /** The bucket found last, by id (the current bucket, mostly): most lookups need no hashing at all. */
    private @Nullable String lastId;
    private @Nullable Bucket lastBucket;
    private final Reservations reservations;
    private Instant nextBucketExpiry = Instant.MAX;
    private Instant bucketHorizon = Instant.MIN;

    MemberBook(Duration lease) {
        this.reservations = new Reservations(lease);
    }

    /** Forgets expired buckets and lapses reservations whose lease ended (their amount stops counting). */
    void purge(Instant now) {
        if (reservations.due(now)) {
            reservations.expire(now, this::lapse);
        }
        if (!nextBucketExpiry.isAfter(now)) {
            buckets.values().removeIf(b -> !b.expiresAt.isAfter(now));
            lastId = null;
            lastBucket = null;
            Instant next = Instant.MAX;
            for (Bucket b : buckets.values()) {
                next = b.expiresAt.isBefore(next) ? b.expiresAt : next;
            }
            nextBucketExpiry = next;
        }
    }

    /** A reservation's lease ended: its amount stops counting in its bucket. */
    private void lapse(Reservations.Hold hold) {
        Bucket b = find(hold.bucket());
        if (b != null) {
            b.unreserve(hold.amount());
        }
    }

    /** The totals of the window's buckets. */
    WindowState state(WindowRef window) {
        List<String> ids = window.buckets();
        if (ids.size() == 1) {
            // Zero plus one bucket's totals is that bucket's totals (they are already sums from zero).
            Bucket b = find(ids.get(0));
            return b == null ? WindowState.EMPTY : new WindowState(b.spent(), b.reserved());
        }
        BigDecimal spentUsd = BigDecimal.ZERO;
        BigDecimal reservedUsd = BigDecimal.ZERO;
        long spentTokens = 0;
        long spentRequests = 0;
        long reservedTokens = 0;
        long reservedRequests = 0;
        boolean any = false;
        for (int i = 0, n = ids.size(); i < n; i++) {
            Bucket b = buckets.get(ids.get(i));
            if (b != null) {
                any = true;
                spentUsd = spentUsd.add(b.spentUsd);
                spentTokens += b.spentTokens;
                spentRequests += b.spentRequests;
                reservedUsd = reservedUsd.add(b.reservedUsd);
                reservedTokens += b.reservedTokens;
                reservedRequests += b.reservedRequests;
            }
        }
        return !any ? WindowState.EMPTY : new WindowState(new Amount(spentUsd, spentTokens, spentRequests),
                new Amount(reservedUsd, reservedTokens, reservedRequests));
    }

    /** See {@link BudgetStore#reserve}; a live reservation of the same id is replaced when the new one is granted. */
    BudgetStore.ReserveResult reserve(WindowRef window, String requestId, Amount amount, Limits limits,
            boolean force, Instant now) {
        WindowState before = state(window);
        Reservations.Hold previous = reservations.live(requestId);
        Amount committed = before.committed();
        if (previous != null && window.buckets().contains(previous.bucket())) {
            committed = committed.minus(previous.amount());
        }
        if (!force && !limits.fits(committed.plus(amount))) {
            return new BudgetStore.ReserveResult(false, before);
        }
        release(requestId);
        bucket(window).reserve(amount);
        reservations.add(requestId, window.current(), amount, now);
        return new BudgetStore.ReserveResult(true, before);
    }

    /** Moves the reservation's amount to actual spend in its own bucket; a no-op for an unknown id. */
    void settle(String requestId, Amount actual) {
        Reservations.Hold hold = reservations.take(requestId);
        if (hold != null) {
            Bucket b = find(hold.bucket());
            if (b != null) {
                b.add(actual);
                b.unreserve(hold.amount());
            }
        }
    }

    /** Drops the reservation without spend; a no-op for an unknown id. */
    void release(String requestId) {
        Reservations.Hold hold = reservations.take(requestId);
        if (hold != null) {
            Bucket b = find(hold.bucket());
            if (b != null) {
                b.unreserve(hold.amount());
            }
        }
    }

    /** Adds spend without a reservation to the window's current bucket. */
    void addSpent(WindowRef window, Amount spent) {
        bucket(window).add(spent);
    }

    /** The totals of every bucket held (whatever window they belong to). */
    WindowState totals() {
        Amount spent = Amount.ZERO;
        Amount reserved = Amount.ZERO;
        for (Bucket b : buckets.values()) {
            spent = spent.plus(b.spent());
            reserved = reserved.plus(b.reserved());
        }
        return new WindowState(spent, reserved);
    }

    /** Buckets plus reservations held: the weight towards the store's bound. */
    @Override
    int weight() {
        return Math.max(1, buckets.size() + reservations.size());
    }

    /** Nothing left to remember: the store drops the book. */
    @Override
    boolean removable() {
        return buckets.isEmpty() && reservations.size() == 0;
    }

    /**
     * Whether everything here expired by {@code nowNanos} (epoch nanoseconds): the book is then dropped whole,
     * as the cache it replaces dropped it at {@link #expiresAt()} as of its last operation. A new book holds
     * nothing yet and has not expired.
     */
    @Override
    boolean expired(long nowNanos) {
        return !removable() && InMemoryBudgetStore.epochNanos(expiresAt()) <= nowNanos;
    }

    /** After this instant every bucket and reservation here has expired (an upper bound). */
    Instant expiresAt() {
        Instant r = reservations.horizon();
        return r.isAfter(bucketHorizon) ? r : bucketHorizon;
    }

    /** The bucket {@code id}, or null. */
    private @Nullable Bucket find(String id) {
        if (id == lastId) { // identity: a window's bucket ids are shared by the requests of that window
            return lastBucket;
        }
        Bucket b = buckets.get(id);
        if (b != null) {
            lastId = id;
            lastBucket = b;
        }
        return b;
    }

    /** The window's current bucket, created when missing. */
    private Bucket bucket(WindowRef window) {
        String id = window.current();
        Bucket b = find(id);
        if (b == null) {
            Instant expiresAt = window.expiresAt();
            b = new Bucket(expiresAt);
            buckets.put(id, b);
            nextBucketExpiry = expiresAt.isBefore(nextBucketExpiry) ? expiresAt : nextBucketExpiry;
            bucketHorizon = expiresAt.isAfter(bucketHorizon) ? expiresAt : bucketHorizon;
        }
        return b;
    }
}
