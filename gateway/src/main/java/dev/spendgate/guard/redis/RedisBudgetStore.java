package dev.spendgate.guard.redis;

import dev.spendgate.guard.Amount;
import dev.spendgate.guard.BudgetStore;
import dev.spendgate.guard.Limits;
import dev.spendgate.guard.MemberState;
import dev.spendgate.guard.SharedRates;
import dev.spendgate.guard.WindowRef;
import dev.spendgate.guard.WindowState;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BudgetStore} in Redis, shared by every replica that uses the same URL and key prefix.
 *
 * <p><b>Atomicity.</b> Each operation is one Lua script ({@code src/main/resources/redis/}); Redis runs a script
 * with no other command in between, so a reserve's check of every limit over the window's buckets and its add are
 * atomic across the fleet, exactly like {@code InMemoryBudgetStore}'s per-key {@code compute}.
 *
 * <p><b>Once per request id.</b> Settle and release remove the request's reservation and set a marker key
 * ({@code done:<id>}, two leases long); a retried settle or release finds the marker and changes nothing. A new
 * reservation under the same id (a retry or fallback re-checking budgets) clears the marker, so its settle counts.
 *
 * <p><b>Leases.</b> A reservation's lease ends at Redis server {@code TIME} plus the lease, so replica clocks do
 * not matter; every script first lapses the reservations whose lease ended (a replica that died mid-request
 * frees its budget after at most one lease). A lapsed reservation is remembered one more lease so that a late
 * settle still charges its actual spend once.
 *
 * <p><b>Bounded memory.</b> Bucket keys expire at their window's {@link WindowRef#expiresAt()} (computed by the
 * replica, which includes {@code BudgetWindows.GRACE}); reservation keys at the later of that and two leases.
 *
 * <p><b>Keys.</b> {@code <prefix>{<budget>|<member>}:res|lease|b:<bucket>|done:<id>} and
 * {@code <prefix>members:<budget>} (a set, for the admin API). Single Redis or a replicated primary; Redis Cluster
 * is not supported (the members set lives in another slot).
 *
 * <p>Every call is bounded by {@code timeout}; a timeout or connection failure surfaces as
 * {@link StateStoreUnavailableException}. The {@code *Async} methods never block.
 */
public final class RedisBudgetStore implements BudgetStore, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisBudgetStore.class);
    private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final String prefix;
    private final Duration timeout;
    private final Duration lease;
    private volatile @Nullable StatefulRedisConnection<String, String> connection;
    private volatile String lastConnectFailure = "";

    /**
     * @param url       e.g. {@code redis://127.0.0.1:6379/0}
     * @param keyPrefix prefix of every key, e.g. {@code spendgate:}
     * @param timeout   bound on each command, connecting included
     * @param lease     how long an unsettled reservation holds budget
     */
    public RedisBudgetStore(String url, String keyPrefix, Duration timeout, Duration lease) {
        // Connecting (at start, and by the failover probe; never on a request's path, since commands are rejected
        // at once while disconnected) may take longer than a command: a cold JVM loads Lettuce and Netty first.
        Duration connect = timeout.compareTo(MIN_CONNECT_TIMEOUT) > 0 ? timeout : MIN_CONNECT_TIMEOUT;
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(connect);
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(connect).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        this.prefix = keyPrefix;
        this.timeout = timeout;
        this.lease = lease;
    }

    /** Connects if not connected (blocking, bounded by the timeout); false when Redis cannot be reached. */
    public boolean connect() {
        if (connection != null) {
            return true;
        }
        synchronized (this) {
            if (connection == null) {
                try {
                    connection = client.connect();
                } catch (RuntimeException e) {
                    LOG.debug("connecting to Redis failed", e);
                    lastConnectFailure = e.getCause() != null ? e.getMessage() + ": " + e.getCause() : e.toString();
                    return false;
                }
            }
        }
        return true;
    }

    /** Round trip to Redis (connecting first if needed); completes exceptionally when it is unreachable. */
    public CompletableFuture<Void> ping() {
        if (!connect()) {
            return CompletableFuture.failedFuture(new StateStoreUnavailableException("cannot connect ("
                    + lastConnectFailure + ")", null));
        }
        return bounded(commands().ping()).thenApply(pong -> null);
    }

    /** Why the last connection attempt failed ({@code ""} if none did). */
    public String lastConnectFailure() {
        return lastConnectFailure;
    }

    /** The lease of reservations. */
    public Duration lease() {
        return lease;
    }

    @Override
    public ReserveResult reserve(WindowRef window, String requestId, Amount amount, Limits limits, boolean force) {
        return await(reserveAsync(window, requestId, amount, limits, force));
    }

    /** {@link #reserve}, not blocking. */
    public CompletableFuture<ReserveResult> reserveAsync(WindowRef window, String requestId, Amount amount,
            Limits limits, boolean force) {
        String base = base(window);
        List<String> keys = new ArrayList<>(List.of(base + "res", base + "lease", members(window.budget())));
        window.buckets().forEach(b -> keys.add(base + "b:" + b));
        String[] a = RedisAmounts.of(amount);
        String[] args = {requestId, a[0], a[1], a[2], RedisAmounts.limitNanos(limits.usd()),
            RedisAmounts.limit(limits.tokens()), RedisAmounts.limit(limits.requests()), force ? "1" : "0",
            Long.toString(lease.toMillis()), Long.toString(window.expiresAt().toEpochMilli()), base,
            window.current(), window.member()};
        return eval(BudgetScripts.RESERVE, keys, args)
                .thenApply(r -> new ReserveResult(((Number) r.get(0)).longValue() == 1, RedisAmounts.state(r, 1)));
    }

    @Override
    public void settle(WindowRef window, String requestId, Amount actual) {
        await(finishAsync(window, requestId, actual, true, false));
    }

    @Override
    public void release(WindowRef window, String requestId) {
        await(finishAsync(window, requestId, Amount.ZERO, false, false));
    }

    /**
     * Settles ({@code spend}) or releases the reservation of {@code requestId}, once per id, not blocking.
     *
     * @param orCurrentBucket with no reservation known, charge the spend to the window's current bucket (spend
     *                        counted locally while Redis was away; still once per id)
     */
    public CompletableFuture<Void> finishAsync(WindowRef window, String requestId, Amount actual, boolean spend,
            boolean orCurrentBucket) {
        String base = base(window);
        String[] a = RedisAmounts.of(actual);
        String[] args = {requestId, a[0], a[1], a[2], spend ? "settle" : "release", Long.toString(lease.toMillis()),
            base, orCurrentBucket ? window.current() : "", Long.toString(window.expiresAt().toEpochMilli())};
        // A push of spend counted locally settles another reservation than the one Redis held for the id (which a
        // queued release may have finished already): it has its own marker, so it is still applied, once.
        String done = base + "done:" + requestId + (orCurrentBucket ? "|local" : "");
        return evalLong(BudgetScripts.FINISH, List.of(base + "res", base + "lease", done), args)
                .thenApply(r -> null);
    }

    @Override
    public void addSpent(WindowRef window, Amount spent) {
        String[] a = RedisAmounts.of(spent);
        await(evalLong(BudgetScripts.ADD_SPENT,
                List.of(base(window) + "b:" + window.current(), members(window.budget())),
                new String[] {a[0], a[1], a[2], Long.toString(window.expiresAt().toEpochMilli()), window.member()}));
    }

    @Override
    public WindowState state(WindowRef window) {
        return await(stateAsync(window));
    }

    /** {@link #state}, not blocking. */
    public CompletableFuture<WindowState> stateAsync(WindowRef window) {
        String base = base(window);
        List<String> keys = new ArrayList<>(List.of(base + "res", base + "lease"));
        window.buckets().forEach(b -> keys.add(base + "b:" + b));
        return eval(BudgetScripts.STATE, keys,
                new String[] {Long.toString(lease.toMillis()), base}).thenApply(r -> RedisAmounts.state(r, 0));
    }

    @Override
    public List<MemberState> members(String budgetId, Function<String, WindowRef> windowOf) {
        List<String> names = List.copyOf(await(bounded(commands().smembers(members(budgetId)))));
        List<CompletableFuture<WindowState>> states = names.stream().map(m -> stateAsync(windowOf.apply(m))).toList();
        List<MemberState> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            WindowState s = await(states.get(i));
            Amount c = s.committed();
            if (c.usd().signum() != 0 || c.tokens() != 0 || c.requests() != 0) {
                out.add(new MemberState(names.get(i), s));
            }
        }
        out.sort(Comparator.comparing((MemberState m) -> m.state().committed().usd()).reversed()
                .thenComparing(MemberState::member));
        return out;
    }

    /** {@link dev.spendgate.guard.SharedRates#acquire}, not blocking; counters live under {@code <prefix>rate:}. */
    public CompletableFuture<SharedRates.Slots> rateAcquireAsync(String key, long rpm, long tpm, boolean mayCount,
            boolean force) {
        return eval(BudgetScripts.RATE, List.of(prefix + "rate:" + key), new String[] {"acquire", Long.toString(rpm),
            Long.toString(tpm), mayCount ? "1" : "0", force ? "1" : "0"}).thenApply(r -> new SharedRates.Slots(
                ((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue() == 1, slots(r.get(2)),
                slots(r.get(3))));
    }

    /** {@link dev.spendgate.guard.SharedRates#undo} or {@code addTokens} ({@code mode} undo / tokens). */
    public CompletableFuture<Void> rateUpdateAsync(String key, String mode, long value) {
        return evalLong(BudgetScripts.RATE, List.of(prefix + "rate:" + key),
                new String[] {mode, Long.toString(value)}).thenApply(r -> null);
    }

    private static Map<Long, Long> slots(Object pairs) {
        Map<Long, Long> out = new HashMap<>();
        List<?> l = (List<?>) pairs;
        for (int i = 0; i + 1 < l.size(); i += 2) {
            out.merge(((Number) l.get(i)).longValue(), ((Number) l.get(i + 1)).longValue(), Long::sum);
        }
        return out;
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, timeout);
    }

    private CompletableFuture<List<Object>> eval(String script, List<String> keys, String[] args) {
        return run(script, ScriptOutputType.MULTI, keys, args);
    }

    private CompletableFuture<Long> evalLong(String script, List<String> keys, String[] args) {
        return run(script, ScriptOutputType.INTEGER, keys, args);
    }

    private <T> CompletableFuture<T> run(String script, ScriptOutputType type, List<String> keys, String[] args) {
        if (connection == null) {
            return CompletableFuture.failedFuture(new StateStoreUnavailableException("not connected", null));
        }
        return bounded(commands().<T>eval(script, type, keys.toArray(String[]::new), args));
    }

    private RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            throw new StateStoreUnavailableException("not connected", null);
        }
        return c.async();
    }

    private <T> CompletableFuture<T> bounded(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        new StateStoreUnavailableException(describe(e), e)));
    }

    private <T> T await(CompletableFuture<T> f) {
        if (reactor.core.scheduler.Schedulers.isInNonBlockingThread()) {
            // A caller bug (the request path must hop to boundedElastic first): make it visible, still answer.
            LOG.error("blocking Redis call on non-blocking thread {}", Thread.currentThread().getName(),
                    new IllegalStateException("blocking Redis call on an event loop"));
        }
        try {
            return f.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StateStoreUnavailableException s ? s
                    : new StateStoreUnavailableException(describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new StateStoreUnavailableException("timed out after " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreUnavailableException("interrupted", e);
        }
    }

    private static String describe(@Nullable Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof StateStoreUnavailableException s) {
            return s.getMessage();
        }
        return t == null ? "unknown" : t instanceof TimeoutException ? "timed out" : t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private String base(WindowRef w) {
        return prefix + "{" + w.budget() + "|" + w.member() + "}:";
    }

    private String members(String budgetId) {
        return prefix + "members:" + budgetId;
    }
}
