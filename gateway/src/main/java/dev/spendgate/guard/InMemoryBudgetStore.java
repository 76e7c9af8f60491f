package dev.spendgate.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The in-process {@link BudgetStore}: state per (budget, member, bucket), reservations per request id.
 *
 * <p><b>Atomicity.</b> Each (budget, member) has one {@link MemberBook} in a Caffeine cache, and every read or
 * write of it runs inside {@code asMap().compute(key, ..)}, which is atomic per key and excludes the cache's own
 * eviction of that key. So a reserve sums the window's buckets, checks the limits and adds the reservation with no
 * other operation on the same (budget, member) in between: committed (spent + reserved) never exceeds a limit
 * through non-forced reservations. Hence the documented bound on overshoot: a window's spend exceeds its limit
 * only by forced amounts, by settles whose actual exceeded their reservation, and by reservations that outlived
 * their lease. Different members and budgets do not contend (except on hash-bin collisions).
 *
 * <p><b>Idempotency.</b> Settle and release remove the request id's reservation; a second call, or a settle after
 * a release, finds none and changes nothing. Settle charges the bucket the reservation was made in, even when the
 * caller's window has moved on since.
 *
 * <p><b>Bounded memory.</b> A bucket is forgotten after its window's {@link WindowRef#expiresAt()}. A reservation
 * still live after the lease (default 15 min) lapses: it stops holding budget, and a settle arriving within one
 * more lease still charges its actual spend once. The cache holds at most {@code maxEntries} buckets plus
 * reservations (weight); when full it evicts whole (budget, member) books, forgetting their spend, which can only
 * let more through, never less; size it well above (members x buckets per window + requests in flight).
 * Expiry decisions use the given {@link Clock} (the cache ticker reads the same clock), so callers must build
 * window refs from the same clock ({@link BudgetWindows#windowFor} at {@code clock.instant()}): a reservation made
 * in a window that already expired lands in a bucket that is dropped at once.
 */
public final class InMemoryBudgetStore implements BudgetStore {

    /** Default bound on buckets plus reservations held. */
    public static final long DEFAULT_MAX_ENTRIES = 1_000_000;

    /** Default time a reservation may stay unsettled before it stops holding budget. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(15);

    /** A (budget, member): the unit of atomicity and of expiry. */
    record Key(String budget, String member) {
    }

    private final Clock clock;
    private final Duration lease;
    private final Cache<Key, MemberBook> books;

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
        this.lease = lease;
        this.books = Caffeine.newBuilder()
                .maximumWeight(maxEntries)
                .weigher((Key k, MemberBook b) -> b.weight())
                .expireAfter(new BookExpiry())
                .ticker(() -> BookExpiry.nanos(clock.instant()))
                .executor(Runnable::run) // maintenance on the caller: no common-pool threads, deterministic tests
                .build();
    }

    @Override
    public ReserveResult reserve(WindowRef window, String requestId, Amount amount, Limits limits, boolean force) {
        Instant now = clock.instant();
        ReserveResult result = apply(window, true, now,
                b -> b.reserve(window, requestId, amount, limits, force, now));
        return result != null ? result : new ReserveResult(false, WindowState.EMPTY);
    }

    @Override
    public void settle(WindowRef window, String requestId, Amount actual) {
        apply(window, false, clock.instant(), b -> {
            b.settle(requestId, actual);
            return Boolean.TRUE;
        });
    }

    @Override
    public void release(WindowRef window, String requestId) {
        apply(window, false, clock.instant(), b -> {
            b.release(requestId);
            return Boolean.TRUE;
        });
    }

    @Override
    public void addSpent(WindowRef window, Amount spent) {
        apply(window, true, clock.instant(), b -> {
            b.addSpent(window, spent);
            return Boolean.TRUE;
        });
    }

    @Override
    public WindowState state(WindowRef window) {
        WindowState state = apply(window, false, clock.instant(), b -> b.state(window));
        return state != null ? state : WindowState.EMPTY;
    }

    @Override
    public List<MemberState> members(String budgetId, Function<String, WindowRef> windowOf) {
        return collect(budgetId, (key, book) -> book.state(windowOf.apply(key.member())));
    }

    /**
     * Every member of {@code budgetId} with the totals of all the buckets the store still holds for it, largest
     * committed USD first. That is the current window plus, for {@link BudgetWindows#GRACE} after a calendar
     * boundary, the window that just ended; use {@link #members(String, Function)} for exact window totals.
     */
    public List<MemberState> members(String budgetId) {
        return collect(budgetId, (key, book) -> book.totals());
    }

    /** Buckets plus reservations held, after dropping what expired (the quantity bounded by maxEntries). */
    public long size() {
        books.cleanUp();
        return books.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    private List<MemberState> collect(String budgetId,
            BiFunction<Key, MemberBook, WindowState> read) {
        Instant now = clock.instant();
        List<MemberState> out = new ArrayList<>();
        for (Key key : List.copyOf(books.asMap().keySet())) {
            if (key.budget().equals(budgetId)) {
                WindowState s = apply(key, false, now, b -> read.apply(key, b));
                if (s != null) {
                    out.add(new MemberState(key.member(), s));
                }
            }
        }
        out.sort(Comparator.comparing((MemberState m) -> m.state().committed().usd()).reversed()
                .thenComparing(MemberState::member));
        return out;
    }

    private <T> @Nullable T apply(WindowRef window, boolean create, Instant now, Function<MemberBook, T> op) {
        return apply(new Key(window.budget(), window.member()), create, now, op);
    }

    /** Runs {@code op} on the key's book atomically; returns null when there is no book and none is created. */
    private <T> @Nullable T apply(Key key, boolean create, Instant now, Function<MemberBook, T> op) {
        List<T> out = new ArrayList<>(1);
        books.asMap().compute(key, (k, existing) -> {
            if (existing == null && !create) {
                return null;
            }
            MemberBook book = existing != null ? existing : new MemberBook(lease);
            book.purge(now);
            out.add(op.apply(book));
            return book.isEmpty() ? null : book;
        });
        return out.isEmpty() ? null : out.get(0);
    }
}
