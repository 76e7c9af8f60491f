package dev.spendgate.guard.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.spendgate.guard.Amount;
import dev.spendgate.guard.BudgetStore;
import dev.spendgate.guard.GuardRejection;
import dev.spendgate.guard.InMemoryBudgetStore;
import dev.spendgate.guard.Limits;
import dev.spendgate.guard.MemberState;
import dev.spendgate.guard.SharedRates;
import dev.spendgate.guard.WindowRef;
import dev.spendgate.guard.WindowState;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BudgetStore} of {@code state.store: redis}: {@link RedisBudgetStore} while Redis answers, and the
 * {@code state.on_unavailable} policy while it does not.
 *
 * <ul>
 *   <li>{@code fail_closed}: budget checks refuse with 503 {@code state_store_unavailable};</li>
 *   <li>{@code fail_open}: requests are served and counted in a local {@link InMemoryBudgetStore} (this
 *       replica's view only); when Redis answers again, the spend settled meanwhile is pushed to Redis, once per
 *       request id.</li>
 * </ul>
 *
 * Under both, settles and releases of reservations held in Redis are queued while it is away and replayed when it
 * returns (the scripts make the replay idempotent); queue overflow drops the oldest and the lease frees what it
 * held. The first failed call marks Redis down (one log line, the listener told); a probe pings it every
 * {@link #PROBE_MILLIS} ms and, after the replay, marks it up again (one log line). Calls never wait longer than
 * the store's timeout, and while Redis is down no call waits for it at all.
 */
public final class FailoverBudgetStore implements BudgetStore, SharedRates, AutoCloseable {

    /** What to do while Redis cannot be reached. */
    public enum Policy {
        /** Serve and count locally; reconcile when Redis returns. */
        FAIL_OPEN,
        /** Refuse budgeted requests with 503. */
        FAIL_CLOSED
    }

    /** Pings of a down Redis are this far apart. */
    static final long PROBE_MILLIS = 500;
    /** Settles waiting for Redis at most. */
    static final int MAX_PENDING = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(FailoverBudgetStore.class);

    /** A settle or release to replay in Redis. */
    private record Pending(WindowRef window, String requestId, Amount actual, boolean spend, boolean local) {
    }

    private final RedisBudgetStore redis;
    private final InMemoryBudgetStore local;
    private final Policy policy;
    private final String where;
    private final Consumer<Boolean> listener;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final Cache<String, Boolean> localHolds;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingSize = new AtomicInteger();
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spendgate-redis-probe");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param where    the Redis URL without credentials, for log lines (never sent to API clients)
     * @param listener told {@code true} / {@code false} on every change of Redis reachability
     */
    public FailoverBudgetStore(RedisBudgetStore redis, InMemoryBudgetStore local, Policy policy, String where,
            Consumer<Boolean> listener) {
        this.redis = redis;
        this.local = local;
        this.policy = policy;
        this.where = where;
        this.listener = listener;
        this.localHolds = Caffeine.newBuilder().maximumSize(MAX_PENDING)
                .expireAfterWrite(redis.lease().multipliedBy(2)).executor(Runnable::run).build();
        if (!redis.connect()) {
            down(new StateStoreUnavailableException("cannot connect (" + redis.lastConnectFailure() + ")", null));
        }
    }

    /** Whether Redis is answering. */
    public boolean up() {
        return up.get();
    }

    @Override
    public ReserveResult reserve(WindowRef window, String requestId, Amount amount, Limits limits, boolean force) {
        if (up.get()) {
            try {
                return redis.reserve(window, requestId, amount, limits, force);
            } catch (StateStoreUnavailableException e) {
                down(e);
            }
        }
        refuseIfClosed();
        localHolds.put(holdKey(window, requestId), Boolean.TRUE);
        return local.reserve(window, requestId, amount, limits, force);
    }

    @Override
    public void settle(WindowRef window, String requestId, Amount actual) {
        finish(new Pending(window, requestId, actual, true, false));
    }

    @Override
    public void release(WindowRef window, String requestId) {
        finish(new Pending(window, requestId, Amount.ZERO, false, false));
    }

    /** Never blocks: a Redis settle is sent and forgotten (queued for replay if it fails). */
    private void finish(Pending p) {
        Pending next = p;
        if (localHolds.asMap().remove(holdKey(p.window(), p.requestId())) != null) {
            if (p.spend()) {
                local.settle(p.window(), p.requestId(), p.actual());
            } else {
                local.release(p.window(), p.requestId());
            }
            // Redis never saw this reservation: its spend goes to the window's bucket there, once.
            next = new Pending(p.window(), p.requestId(), p.actual(), p.spend(), p.spend());
        }
        if (!up.get()) {
            enqueue(next);
            return;
        }
        Pending sent = next;
        redis.finishAsync(sent.window(), sent.requestId(), sent.actual(), sent.spend(), sent.local())
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        enqueue(sent);
                        down(e);
                    }
                });
    }

    @Override
    public void addSpent(WindowRef window, Amount spent) {
        if (up.get()) {
            try {
                redis.addSpent(window, spent);
                return;
            } catch (StateStoreUnavailableException e) {
                down(e);
            }
        }
        local.addSpent(window, spent);
    }

    @Override
    public WindowState state(WindowRef window) {
        if (up.get()) {
            try {
                return redis.state(window);
            } catch (StateStoreUnavailableException e) {
                down(e);
            }
        }
        refuseIfClosed();
        return local.state(window);
    }

    @Override
    public List<MemberState> members(String budgetId, Function<String, WindowRef> windowOf) {
        if (up.get()) {
            try {
                return redis.members(budgetId, windowOf);
            } catch (StateStoreUnavailableException e) {
                down(e);
            }
        }
        return local.members(budgetId, windowOf);
    }

    /** Shared rate counters; while Redis is away: local counters (fail_open) or 503 (fail_closed). */
    @Override
    public SharedRates.@org.jspecify.annotations.Nullable Slots acquire(String key, long rpm, long tpm,
            boolean mayCount, boolean force) {
        if (up.get()) {
            try {
                return redis.rateAcquireAsync(key, rpm, tpm, mayCount, force).join();
            } catch (java.util.concurrent.CompletionException e) {
                down(e.getCause() != null ? e.getCause() : e);
            }
        }
        refuseIfClosed();
        return null;
    }

    @Override
    public void undo(String key, long second) {
        rateUpdate(key, "undo", second);
    }

    @Override
    public void addTokens(String key, long tokens) {
        rateUpdate(key, "tokens", tokens);
    }

    /** A fire-and-forget rate counter update while Redis is up; a failure marks it down. */
    private void rateUpdate(String key, String op, long value) {
        if (up.get()) {
            redis.rateUpdateAsync(key, op, value).whenComplete((ok, e) -> {
                if (e != null) {
                    down(e);
                }
            });
        }
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public void close() {
        probe.shutdownNow();
        redis.close();
    }

    private void refuseIfClosed() {
        if (policy == Policy.FAIL_CLOSED) {
            throw new GuardRejection(503, "state_store_unavailable", "The gateway cannot reach its shared budget"
                    + " store (Redis; its address is in the gateway's log), and state.on_unavailable is fail_closed,"
                    + " so budgeted requests are refused. Retry shortly; operators: check that Redis is up and"
                    + " reachable.");
        }
    }

    private static String holdKey(WindowRef w, String requestId) {
        return w.budget() + '|' + w.member() + '|' + requestId;
    }

    private void enqueue(Pending p) {
        pending.add(p);
        if (pendingSize.incrementAndGet() > MAX_PENDING && pending.poll() != null) {
            pendingSize.decrementAndGet();
        }
    }

    private void down(Throwable e) {
        if (up.compareAndSet(true, false)) {
            LOG.warn("state store down: Redis at {} is unreachable ({}); policy {}: {}", where, e.getMessage(),
                    policy.name().toLowerCase(java.util.Locale.ROOT), policy == Policy.FAIL_OPEN
                            ? "serving and counting locally until it returns" : "refusing budgeted requests with 503");
            listener.accept(false);
            probe.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** While down: ping, replay the queue, then mark up; otherwise try again later. */
    private void probe() {
        int replayed = 0;
        try {
            redis.ping().join();
            Pending p;
            while ((p = pending.peek()) != null) {
                redis.finishAsync(p.window(), p.requestId(), p.actual(), p.spend(), p.local()).join();
                pending.poll();
                pendingSize.decrementAndGet();
                replayed++;
            }
        } catch (RuntimeException e) {
            probe.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        if (up.compareAndSet(false, true)) {
            LOG.info("state store up: Redis at {} answers again; replayed {} settles and releases", where, replayed);
            listener.accept(true);
        }
        // A settle queued between the drain and the flip is replayed by the next failure's probe or lapses.
        if (!pending.isEmpty()) {
            probe.schedule(this::drainLate, 0, TimeUnit.MILLISECONDS);
        }
    }

    private void drainLate() {
        Pending p;
        while ((p = pending.poll()) != null) {
            pendingSize.decrementAndGet();
            finish(p);
        }
    }
}
