package dev.spendgate.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The budget state of one (budget, member): its buckets (spent and reserved totals, each with an expiry) and its
 * reservations. Not thread-safe: {@link InMemoryBudgetStore} only touches a book inside the cache's atomic
 * {@code compute} for its key, which is what makes a reserve's check-then-add atomic per (budget, member).
 * Every operation is preceded by {@link #purge} with the same {@code now}.
 */
final class MemberBook {

    /** One bucket's totals; immutable, replaced on change. */
    private record Bucket(Amount spent, Amount reserved, Instant expiresAt) {

        Bucket plus(Amount spentDelta, Amount reservedDelta) {
            return new Bucket(spent.plus(spentDelta), reserved.plus(reservedDelta), expiresAt);
        }
    }

    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Reservations reservations;
    private Instant nextBucketExpiry = Instant.MAX;
    private Instant bucketHorizon = Instant.MIN;

    MemberBook(Duration lease) {
        this.reservations = new Reservations(lease);
    }

    /** Forgets expired buckets and lapses reservations whose lease ended (their amount stops counting). */
    void purge(Instant now) {
        reservations.expire(now, hold -> adjust(hold.bucket(), Amount.ZERO, Amount.ZERO.minus(hold.amount())));
        if (!nextBucketExpiry.isAfter(now)) {
            buckets.values().removeIf(b -> !b.expiresAt().isAfter(now));
            nextBucketExpiry = buckets.values().stream().map(Bucket::expiresAt).min(Instant::compareTo)
                    .orElse(Instant.MAX);
        }
    }

    /** The totals of the window's buckets. */
    WindowState state(WindowRef window) {
        Amount spent = Amount.ZERO;
        Amount reserved = Amount.ZERO;
        for (String id : window.buckets()) {
            Bucket b = buckets.get(id);
            if (b != null) {
                spent = spent.plus(b.spent());
                reserved = reserved.plus(b.reserved());
            }
        }
        return new WindowState(spent, reserved);
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
        bucket(window);
        adjust(window.current(), Amount.ZERO, amount);
        reservations.add(requestId, window.current(), amount, now);
        return new BudgetStore.ReserveResult(true, before);
    }

    /** Moves the reservation's amount to actual spend in its own bucket; a no-op for an unknown id. */
    void settle(String requestId, Amount actual) {
        Reservations.Hold hold = reservations.take(requestId);
        if (hold != null) {
            adjust(hold.bucket(), actual, Amount.ZERO.minus(hold.amount()));
        }
    }

    /** Drops the reservation without spend; a no-op for an unknown id. */
    void release(String requestId) {
        Reservations.Hold hold = reservations.take(requestId);
        if (hold != null) {
            adjust(hold.bucket(), Amount.ZERO, Amount.ZERO.minus(hold.amount()));
        }
    }

    /** Adds spend without a reservation to the window's current bucket. */
    void addSpent(WindowRef window, Amount spent) {
        bucket(window);
        adjust(window.current(), spent, Amount.ZERO);
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

    /** Buckets plus reservations held: the cache weight. */
    int weight() {
        return Math.max(1, buckets.size() + reservations.size());
    }

    /** Nothing left to remember: the store drops the book. */
    boolean isEmpty() {
        return buckets.isEmpty() && reservations.size() == 0;
    }

    /** After this instant every bucket and reservation here has expired (an upper bound). */
    Instant expiresAt() {
        Instant r = reservations.horizon();
        return r.isAfter(bucketHorizon) ? r : bucketHorizon;
    }

    /** Creates the window's current bucket when missing. */
    private void bucket(WindowRef window) {
        if (!buckets.containsKey(window.current())) {
            Instant expiresAt = window.expiresAt();
            buckets.put(window.current(), new Bucket(Amount.ZERO, Amount.ZERO, expiresAt));
            nextBucketExpiry = expiresAt.isBefore(nextBucketExpiry) ? expiresAt : nextBucketExpiry;
            bucketHorizon = expiresAt.isAfter(bucketHorizon) ? expiresAt : bucketHorizon;
        }
    }

    /** Adds to a bucket's totals; a bucket that already expired is outside every window, so the change is moot. */
    private void adjust(String id, Amount spentDelta, Amount reservedDelta) {
        buckets.computeIfPresent(id, (k, b) -> b.plus(spentDelta, reservedDelta));
    }
}
