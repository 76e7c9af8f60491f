package dev.spendgate.guard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The in-process {@link BudgetStore}: state per (budget, member, bucket), reservations per request id.
 *
 * <p><b>Atomicity.</b> Each (budget, member) has one {@link MemberBook} in a {@link MemberTable} (a concurrent
 * map per budget), and every read or write of it runs under the book's monitor, which the table's removal of
 * that book (expiry, eviction) also takes. So a reserve sums the window's buckets, checks the limits and adds the
 * reservation with no other operation on the same (budget, member) in between: committed (spent + reserved) never
 * exceeds a limit through non-forced reservations. Hence the documented bound on overshoot: a window's spend
 * exceeds its limit only by forced amounts, by settles whose actual exceeded their reservation, and by
 * reservations that outlived their lease. Different members and budgets do not contend.
 *
 * <p><b>Idempotency.</b> Settle and release remove the request id's reservation; a second call, or a settle after
 * a release, finds none and changes nothing. Settle charges the bucket the reservation was made in, even when the
 * caller's window has moved on since.
 *
 * <p><b>Bounded memory.</b> A bucket is forgotten after its window's {@link WindowRef#expiresAt()}. A reservation
 * still live after the lease (default 15 min) lapses: it stops holding budget, and a settle arriving within one
 * more lease still charges its actual spend once. A book is dropped whole once everything in it expired (as of its
 * last operation; checked on access and by a sweep about once a second that covers every book within about a
 * minute). The store holds at most {@code maxEntries} buckets plus reservations (weight); when full it evicts
 * whole (budget, member) books, the least recently used of a sample, forgetting their spend, which can only let
 * more through, never less; size it well above (members x buckets per window + requests in flight).
 * Expiry decisions use the given {@link Clock}, or the instant a caller passes, so callers must build window refs
 * from the same clock ({@link BudgetWindows#windowFor} at {@code clock.instant()}): a reservation made in a window
 * that already expired lands in a bucket that is dropped at once.
 */
public final class InMemoryBudgetStore implements BudgetStore {

    /** Default bound on buckets plus reservations held. */
    public static final long DEFAULT_MAX_ENTRIES = 1_000_000;

    /** Default time a reservation may stay unsettled before it stops holding budget. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(15);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Clock clock;
    private final MemberTable<String, MemberBook> books;
    private final MemberTable.Factory<MemberBook> newBook;

    /** A store with the default bound and lease. */
    public InMemoryBudgetStore(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRIES, DEFAULT_LEASE);
    }

    /**
     * @param maxEntries bound on buckets plus reservations held (> 0)
     * @param lease      how long an unsettled reservation holds budget (> 0)
     */
    public InMemoryBudgetStore(Clock clock, long maxEntries, Duration lease) {
        if (maxEntries <= 0 || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + ", lease: " + lease
                    + " (expected: both > 0)");
        }
        this.clock = clock;
        this.books = new MemberTable<>(maxEntries, NANOS_PER_SECOND);
        this.newBook = member -> new MemberBook(lease);
    }

    /** Nanoseconds since the epoch, saturated (exact until 2262; Instant.MIN/MAX map to the long range's ends). */
    static long epochNanos(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / NANOS_PER_SECOND) {
            return Long.MIN_VALUE;
        }
        return seconds * NANOS_PER_SECOND + t.getNano();
    }

    @Override
    public ReserveResult reserve(WindowRef window, String requestId, Amount amount, Limits limits, boolean force) {
        return reserve(window, requestId, amount, limits, force, clock.instant());
    }

    @Override
    public ReserveResult reserve(WindowRef window, String requestId, Amount amount, Limits limits, boolean force,
            Instant now) {
        long t = epochNanos(now);
        MemberBook b = books.lock(window.budget(), window.member(), t, newBook);
        ReserveResult result;
        boolean grew;
        try {
            b.purge(now);
            result = b.reserve(window, requestId, amount, limits, force, now);
        } finally {
            grew = books.unlock(b);
        }
        books.maintain(t, grew);
        return result;
    }

    @Override
    public void settle(WindowRef window, String requestId, Amount actual) {
        settle(window, requestId, actual, clock.instant());
    }

    @Override
    public void settle(WindowRef window, String requestId, Amount actual, Instant now) {
        finish(window, requestId, actual, now);
    }

    @Override
    public void release(WindowRef window, String requestId) {
        release(window, requestId, clock.instant());
    }

    @Override
    public void release(WindowRef window, String requestId, Instant now) {
        finish(window, requestId, null, now);
    }

    @Override
    public void addSpent(WindowRef window, Amount spent) {
        Instant now = clock.instant();
        long t = epochNanos(now);
        MemberBook b = books.lock(window.budget(), window.member(), t, newBook);
        boolean grew;
        try {
            b.purge(now);
            b.addSpent(window, spent);
        } finally {
            grew = books.unlock(b);
        }
        books.maintain(t, grew);
    }

    @Override
    public WindowState state(WindowRef window) {
        return state(window, clock.instant());
    }

    @Override
    public WindowState state(WindowRef window, Instant now) {
        WindowState state = read(window.budget(), window.member(), now, window);
        return state != null ? state : WindowState.EMPTY;
    }

    @Override
    public List<MemberState> members(String budgetId, Function<String, WindowRef> windowOf) {
        return collect(budgetId, windowOf::apply);
    }

    /**
     * Every member of {@code budgetId} with the totals of all the buckets the store still holds for it, largest
     * committed USD first. That is the current window plus, for {@link BudgetWindows#GRACE} after a calendar
     * boundary, the window that just ended; use {@link #members(String, Function)} for exact window totals.
     */
    public List<MemberState> members(String budgetId) {
        return collect(budgetId, member -> null);
    }

    /** Buckets plus reservations held, after dropping what expired (the quantity bounded by maxEntries). */
    public long size() {
        books.cleanUp(epochNanos(clock.instant()));
        return books.weight();
    }

    /** Settles ({@code actual} given) or releases a reservation; a book that is not held is left absent. */
    private void finish(WindowRef window, String requestId, @Nullable Amount actual, Instant now) {
        long t = epochNanos(now);
        MemberBook b = books.lock(window.budget(), window.member(), t, null);
        if (b == null) {
            return;
        }
        try {
            b.purge(now);
            if (actual != null) {
                b.settle(requestId, actual);
            } else {
                b.release(requestId);
            }
        } finally {
            books.unlock(b);
        }
        books.maintain(t, false);
    }

    /** One book's totals: of {@code window}, or of every bucket held when null; null when the member holds none. */
    private @Nullable WindowState read(String budgetId, String member, Instant now, @Nullable WindowRef window) {
        long t = epochNanos(now);
        MemberBook b = books.lock(budgetId, member, t, null);
        if (b == null) {
            return null;
        }
        WindowState s;
        try {
            b.purge(now);
            s = window == null ? b.totals() : b.state(window);
        } finally {
            books.unlock(b);
        }
        books.maintain(t, false);
        return s;
    }

    private List<MemberState> collect(String budgetId, Function<String, @Nullable WindowRef> windowOf) {
        Instant now = clock.instant();
        List<MemberState> out = new ArrayList<>();
        for (String member : books.members(budgetId)) {
            WindowState s = read(budgetId, member, now, windowOf.apply(member));
            if (s != null) {
                out.add(new MemberState(member, s));
            }
        }
        out.sort(Comparator.comparing((MemberState m) -> m.state().committed().usd()).reversed()
                .thenComparing(MemberState::member));
        return out;
    }
}
