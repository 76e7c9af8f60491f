package dev.spendgate.guard;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Per-member guard state (a budget's books, a rate limit's windows), one {@link ConcurrentHashMap} per group (a
 * budget id, a limit), with two bounds that hold whatever the traffic: whole entries expire, and the entries'
 * total weight has a hard cap. It replaces a Caffeine cache on the request path: a lookup is two hash-map reads
 * with no key object, no ticker, no expiry policy and no maintenance beyond a time check.
 *
 * <p><b>Protocol.</b> Every read or write of an entry runs under the entry's own lock, taken by {@link #lock}
 * (which returns the entry only once it holds its lock and the entry is still in the table, looking it up again
 * otherwise) and released by {@link #unlock}:
 * <pre>
 *   E e = table.lock(group, member, now, factory);   // null: absent and not created
 *   boolean grew;
 *   try { ... read or change e ... } finally { grew = table.unlock(e); }
 *   table.maintain(now, grew);                       // holding no entry's lock
 * </pre>
 * So an operation sees one entry from start to end, and an entry is only removed under its lock (marked dead
 * first): an operation never writes into an entry that is no longer in the table. Different members do not
 * contend. Nothing waits on anything while holding an entry's lock, so there is no lock-order cycle.
 *
 * <p><b>Expiry.</b> {@link Entry#expired} is checked on every {@link #lock} (an expired entry is removed and
 * counts as absent, as in a cache), and an amortised sweep drops expired entries nobody touches: at most once per
 * {@code sweepPeriod}, the caller that notices the period has passed visits the next
 * {@code max(256, weight / 60)} entries, so a whole pass takes about a minute of sweeps at most. An entry whose
 * {@link Entry#removable} holds after an operation is removed at once.
 *
 * <p><b>Cap.</b> The table tracks the sum of the entries' {@link Entry#weight} as of their last operation. When
 * an operation makes it exceed {@code maxWeight}, entries are evicted until it does not: each time, the least
 * recently used of a sample of {@value #SAMPLE} (as Redis approximates LRU). Maintenance runs on the caller under
 * a try-lock (one thread at a time; others skip it) and only try-locks entries (one in use is neither idle nor a
 * good victim), so it never waits; the cap may thus be passed by what concurrent operations add meanwhile, and
 * {@link #cleanUp} enforces it again once they are done.
 *
 * @param <G> group key (compared with equals)
 * @param <E> entry type
 */
final class MemberTable<G, E extends MemberTable.Entry> {

    /** Entries looked at per eviction. */
    static final int SAMPLE = 8;

    /** Least entries visited per sweep. */
    static final int MIN_SWEEP = 256;

    /** The sweep visits at least weight / this per period, so one pass takes at most this many periods. */
    static final int SWEEPS_PER_PASS = 60;

    /**
     * State of one member, and its lock (a plain non-reentrant mutex: a synchronizer, so the lock costs no object
     * of its own). Fields are guarded by that lock; subclasses guard theirs the same way.
     */
    abstract static class Entry extends AbstractQueuedSynchronizer {

        // Package-private only because the table reaches them through its type variable; nothing else uses them.
        @Nullable Group<?> group;
        String member = "";
        boolean dead;
        long used;
        int weight;

        /** Whether the whole entry expired at {@code now}: it is then dropped, as if absent. */
        abstract boolean expired(long now);

        /** The entry's weight towards the table's cap (at least 1 while it is held). */
        abstract int weight();

        /** Nothing left to remember after an operation: the entry is dropped at once. */
        abstract boolean removable();

        /** The member this entry belongs to. */
        final String member() {
            return member;
        }

        /** The key of the group this entry was added to. */
        final Object groupKey() {
            Group<?> g = group;
            if (g == null) {
                throw new IllegalStateException("not in a table");
            }
            return g.key;
        }

        @Override
        protected final boolean tryAcquire(int ignored) {
            return compareAndSetState(0, 1);
        }

        @Override
        protected final boolean tryRelease(int ignored) {
            setState(0);
            return true;
        }

        final void lock() {
            acquire(1);
        }

        final boolean tryLock() {
            return tryAcquire(1);
        }

        final void unlock() {
            release(1);
        }
    }

    /** Creates the entry of a member that has none. */
    @FunctionalInterface
    interface Factory<E> {
        E create(String member);
    }

    /**
     * One group's entries; {@code dead} once it left the table. The group's monitor guards {@code dead} and
     * serialises adding entries, so no entry is added to a group after it left.
     */
    static final class Group<E> {
        final Object key;
        final ConcurrentHashMap<String, E> members = new ConcurrentHashMap<>();
        boolean dead;

        Group(Object key) {
            this.key = key;
        }
    }

    private final ConcurrentHashMap<G, Group<E>> groups = new ConcurrentHashMap<>();
    private final LongAdder weight = new LongAdder();
    private final long maxWeight;
    private final long sweepPeriod;
    private final ReentrantLock maintenance = new ReentrantLock();
    private volatile long nextSweep;
    /** The sweep's position (guarded by {@link #maintenance}). */
    private @Nullable Iterator<Group<E>> groupCursor;
    private @Nullable Group<E> cursorGroup;
    private @Nullable Iterator<E> memberCursor;

    /**
     * @param maxWeight   the cap on the entries' total weight (> 0)
     * @param sweepPeriod the least time between two sweeps, in the callers' time unit (> 0)
     */
    MemberTable(long maxWeight, long sweepPeriod) {
        if (maxWeight <= 0 || sweepPeriod <= 0) {
            throw new IllegalArgumentException("maxWeight: " + maxWeight + ", sweepPeriod: " + sweepPeriod
                    + " (expected: both > 0)");
        }
        this.maxWeight = maxWeight;
        this.sweepPeriod = sweepPeriod;
    }

    /**
     * The entry of {@code member} in {@code group}, locked: the one held, else (with a factory) a new one, else
     * null. An expired entry is dropped and counts as absent. Release it with {@link #unlock}.
     */
    @Nullable E lock(G group, String member, long now, @Nullable Factory<? extends E> factory) {
        for (;;) {
            E e = get(group, member, now, factory);
            if (e == null) {
                return null;
            }
            e.lock();
            if (enter(e, now)) {
                return e;
            }
            e.unlock();
        }
    }

    /**
     * Ends an operation on {@code e} and releases its lock: drops it when {@link Entry#removable}, else records
     * its weight. Returns whether the table's weight grew (pass it to {@link #maintain}).
     */
    boolean unlock(E e) {
        try {
            return exit(e);
        } finally {
            e.unlock();
        }
    }

    /** The entry of {@code member} in {@code group}: the one held, else (with a factory) a new one, else null. */
    private @Nullable E get(G group, String member, long now, @Nullable Factory<? extends E> factory) {
        for (;;) {
            Group<E> g = groups.get(group);
            if (g == null) {
                if (factory == null) {
                    return null;
                }
                g = groups.computeIfAbsent(group, Group::new);
            }
            E e = g.members.get(member);
            if (e != null || factory == null) {
                return e;
            }
            synchronized (g) {
                if (g.dead) {
                    continue;
                }
                e = g.members.get(member);
                if (e == null) {
                    e = factory.create(member);
                    e.group = g;
                    e.member = member;
                    e.used = now;
                    g.members.put(member, e);
                }
                return e;
            }
        }
    }

    /**
     * Locks {@code e}, an entry obtained earlier from this table, when it is still held and not expired (true);
     * otherwise leaves it unlocked (false) and the caller looks its member up again with {@link #lock}.
     */
    boolean relock(E e, long now) {
        e.lock();
        if (enter(e, now)) {
            return true;
        }
        e.unlock();
        return false;
    }

    /** Starts an operation on {@code e} (its lock held): false when it was removed or has expired (removed then). */
    private boolean enter(E e, long now) {
        if (e.dead) {
            return false;
        }
        if (e.expired(now)) {
            kill(e);
            return false;
        }
        e.used = now;
        return true;
    }

    /** Ends an operation on {@code e} (its lock held): drops it when removable, else records its weight. */
    private boolean exit(E e) {
        if (e.removable()) {
            kill(e);
            return false;
        }
        int w = e.weight();
        int delta = w - e.weight;
        if (delta != 0) {
            e.weight = w;
            weight.add(delta);
        }
        return delta > 0;
    }

    /** After an operation, outside any entry's lock: sweeps when a period has passed, evicts when over the cap. */
    void maintain(long now, boolean grew) {
        if ((sweepDue(now) || grew && weight.sum() > maxWeight) && maintenance.tryLock()) {
            try {
                if (sweepDue(now)) {
                    nextSweep = now + sweepPeriod;
                    sweep(now, Math.max(MIN_SWEEP, weight.sum() / SWEEPS_PER_PASS));
                }
                evict();
            } finally {
                maintenance.unlock();
            }
        }
    }

    /** A period has passed since the last sweep (or the clock went back by more than one). */
    private boolean sweepDue(long now) {
        long next = nextSweep;
        return now >= next || now < next - 2 * sweepPeriod;
    }

    /** Drops every expired entry and enforces the cap exactly (waits for a sweep under way). */
    void cleanUp(long now) {
        maintenance.lock();
        try {
            groupCursor = null;
            cursorGroup = null;
            memberCursor = null;
            sweep(now, Long.MAX_VALUE);
            evict();
        } finally {
            maintenance.unlock();
        }
    }

    /** The entries' total weight as of their last operation. */
    long weight() {
        return weight.sum();
    }

    /** The entries held (a count over the groups). */
    long size() {
        long n = 0;
        for (Group<E> g : groups.values()) {
            n += g.members.mappingCount();
        }
        return n;
    }

    /** The members of {@code group} held now (a snapshot, to {@link #lock} one by one). */
    List<String> members(G group) {
        Group<E> g = groups.get(group);
        return g == null ? List.of() : List.copyOf(g.members.keySet());
    }

    /** Visits up to {@code n} entries from the cursor, dropping the expired ones; stops at the end of a pass. */
    private void sweep(long now, long n) {
        for (long i = 0; i < n; i++) {
            E e = advance();
            if (e == null) {
                return;
            }
            if (e.tryLock()) { // an entry in use now is not idle; the next pass sees it again
                try {
                    if (!e.dead && e.expired(now)) {
                        kill(e);
                    }
                } finally {
                    e.unlock();
                }
            }
        }
    }

    /** While over the cap, evicts the least recently used of the next {@link #SAMPLE} entries. */
    private void evict() {
        while (weight.sum() > maxWeight) {
            E victim = null;
            long oldest = Long.MAX_VALUE;
            boolean wrapped = false;
            for (int i = 0; i < SAMPLE; i++) {
                E e = advance();
                if (e == null) {
                    if (wrapped) {
                        break;
                    }
                    wrapped = true;
                    i--;
                    continue;
                }
                if (e.tryLock()) { // an entry in use now is the most recently used: skip it
                    try {
                        if (!e.dead && (victim == null || e.used < oldest)) {
                            victim = e;
                            oldest = e.used;
                        }
                    } finally {
                        e.unlock();
                    }
                }
            }
            if (victim == null || !victim.tryLock()) {
                return; // nothing idle to evict now: the next maintenance (or cleanUp) tries again
            }
            try {
                if (!victim.dead) {
                    kill(victim);
                }
            } finally {
                victim.unlock();
            }
        }
    }

    /** The next entry of the sweep cursor, or null at the end of a pass (the next call starts a new one). */
    private @Nullable E advance() {
        for (;;) {
            if (memberCursor != null && memberCursor.hasNext()) {
                return memberCursor.next();
            }
            if (cursorGroup != null) {
                dropIfEmpty(cursorGroup);
                cursorGroup = null;
                memberCursor = null;
            }
            if (groupCursor == null) {
                groupCursor = groups.values().iterator();
            }
            if (!groupCursor.hasNext()) {
                groupCursor = null;
                return null;
            }
            cursorGroup = groupCursor.next();
            memberCursor = cursorGroup.members.values().iterator();
        }
    }

    /** Removes a group with no entries (a later {@link #get} makes a new one). */
    private void dropIfEmpty(Group<E> g) {
        synchronized (g) {
            if (g.members.isEmpty() && !g.dead) {
                g.dead = true;
                groups.remove(g.key, g);
            }
        }
    }

    /** Removes {@code e} (its lock held). */
    private void kill(E e) {
        e.dead = true;
        Group<?> g = e.group;
        if (g != null) {
            g.members.remove(e.member, e);
        }
        if (e.weight != 0) {
            weight.add(-e.weight);
            e.weight = 0;
        }
    }
}
