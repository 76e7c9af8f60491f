package dev.spendgate.guard;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.RateLimitConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Requests-per-minute and tokens-per-minute limits ({@code rate_limits:}), one sliding minute per limit and per
 * value of its {@code per} dimension (one shared counter when {@code per} is absent; a missing header is the member
 * {@value Attribution#UNATTRIBUTED}). See {@link RateWindow} for the one-second precision.
 *
 * <ul>
 *   <li>A request is refused when an enforced matching limit already counted {@code requests_per_minute} requests
 *       in the last minute, or {@code tokens_per_minute} tokens or more. Shadow limits never refuse.</li>
 *   <li>An admitted request counts against every matching limit at once (check and count are atomic per member;
 *       a request refused by one limit is taken back from the others).</li>
 *   <li>Tokens count when the response ends ({@link #recordTokens}), streams included, so a burst of long
 *       requests can overshoot a token limit by what is in flight; the next requests then wait.</li>
 * </ul>
 *
 * <p>Members live in a bounded {@link MemberTable} (at most {@code maxMembers} counters, the least recently used of
 * a sample evicted beyond; a counter idle for 3 minutes is dropped, its minute being empty anyway). An evicted
 * member starts again from zero, so size it above the members active in a minute. Immutable per config snapshot
 * and thread-safe; {@link #withLimits} keeps the counters of limits whose definition did not change across a
 * reload.
 */
public final class RateLimiter {

    /** A second between sweeps of idle counters (in the clock's milliseconds). */
    private static final long SWEEP_MILLIS = 1000;

    /**
     * A configured limit and the identity its counters are keyed by; {@code name} is the same on every replica
     * with the same definition (the key of shared counters).
     */
    private record Limit(RateLimitConfig config, Object id, String name, long rpm, long tpm,
            Matchers.Compiled match, MemberTable.Factory<RateWindow> counter, String[] texts) {

        static Limit of(RateLimitConfig config, Object id, @Nullable SharedRates shared) {
            Long rpm = config.requestsPerMinute();
            Long tpm = config.tokensPerMinute();
            String name = config.name() + "-" + Integer.toHexString(config.toString().hashCode());
            boolean tokens = tpm != null;
            return new Limit(config, id, name, rpm == null ? Long.MAX_VALUE : rpm, tpm == null ? Long.MAX_VALUE : tpm,
                    Matchers.compile(config.match()), member -> new RateWindow(tokens, shared, name + "|" + member),
                    new String[] {String.valueOf(rpm), String.valueOf(tpm)});
        }
    }

    /** The counter made when tokens arrive for a member whose counter was dropped (local, token-counting). */
    private static final MemberTable.Factory<RateWindow> TOKENS_ONLY = member -> new RateWindow(true);

    private final List<Limit> limits;
    private final Limit[] limitArray;
    private final Clock clock;
    private final MemberTable<Object, RateWindow> members;
    private final @Nullable SharedRates shared;

    /**
     * Limits with fresh counters.
     *
     * @param maxMembers the most (limit, member) counters kept, e.g. 1,000,000 (about 0.5 KB each with the
     *                   cache entry, 1 KB for limits with a token limit)
     */
    public RateLimiter(List<RateLimitConfig> limits, Clock clock, long maxMembers) {
        this(limits, clock, maxMembers, null);
    }

    /**
     * Limits whose counters live in {@code shared} (every replica with the same store counts together), with
     * local counters as the fallback while it is away.
     */
    public RateLimiter(List<RateLimitConfig> limits, Clock clock, long maxMembers, @Nullable SharedRates shared) {
        this(ids(limits, List.of(), shared), clock, new MemberTable<>(maxMembers, SWEEP_MILLIS), shared);
    }

    private RateLimiter(List<Limit> limits, Clock clock, MemberTable<Object, RateWindow> members,
            @Nullable SharedRates shared) {
        this.limits = limits;
        this.limitArray = limits.toArray(new Limit[0]);
        this.clock = clock;
        this.members = members;
        this.shared = shared;
    }

    /** Whether the counters live in a shared store (calls may wait on the network). */
    public boolean remote() {
        return shared != null && !limits.isEmpty();
    }

    /**
     * A limiter for a reloaded config that shares this one's counters: a limit equal to one of the current limits
     * keeps counting where it was (and leases issued by either limiter stay valid); a new or changed limit starts
     * from zero. Counters of removed limits expire.
     */
    public RateLimiter withLimits(List<RateLimitConfig> next) {
        return new RateLimiter(ids(next, limits, shared), clock, members, shared);
    }

    private static List<Limit> ids(List<RateLimitConfig> configs, List<Limit> previous,
            @Nullable SharedRates shared) {
        List<Limit> out = new ArrayList<>(configs.size());
        for (RateLimitConfig c : configs) {
            Object id = previous.stream().filter(l -> l.config().equals(c)).map(Limit::id).findFirst()
                    .orElseGet(Object::new);
            out.add(Limit.of(c, id, shared));
        }
        return List.copyOf(out);
    }

    /**
     * Checks every matching limit and, when allowed, counts the request against each.
     *
     * @param key   the gateway key name, or null
     * @param model the model alias the client asked for
     */
    public RateCheck check(Attribution attribution, @Nullable String key, String model) {
        if (limitArray.length == 0) {
            return RateCheck.unlimited();
        }
        long now = clock.millis();
        RateVerdict verdict = new RateVerdict(limitArray.length);
        for (Limit limit : limitArray) {
            RateLimitConfig c = limit.config();
            if (!limit.match().matches(attribution, model, key)) {
                continue;
            }
            String member = c.per() == null ? "" : attribution.get(c.per());
            RateWindow window = members.lock(limit.id(), member, now, limit.counter());
            RateWindow.Probe probe;
            boolean grew;
            try {
                probe = window.acquire(now, limit.rpm(), limit.tpm(), !verdict.refused(), !c.enforce());
            } finally {
                grew = members.unlock(window);
            }
            members.maintain(now, grew);
            verdict.add(c, limit.texts(), member, window, probe);
        }
        return verdict.finish();
    }

    /**
     * Adds the tokens a finished request really used (input + output, streams included) to the members it was
     * counted against. Call once per admitted request when the response ends, cancelled or not.
     */
    public void recordTokens(RateLease lease, long tokens) {
        if (tokens <= 0 || lease.isEmpty()) {
            return;
        }
        long now = clock.millis();
        for (int i = 0, n = lease.size(); i < n; i++) {
            RateWindow w = lease.member(i);
            // The counter the request was counted in, unless it was dropped since (idle, evicted): then the
            // member's current counter, made anew if need be.
            if (!members.relock(w, now)) {
                w = members.lock(w.groupKey(), w.member(), now, TOKENS_ONLY);
            }
            boolean grew;
            try {
                w.addTokens(now, tokens);
            } finally {
                grew = members.unlock(w);
            }
            members.maintain(now, grew);
        }
    }

    /** The number of counters held after dropping idle ones and enforcing the bound (tests, admin). */
    long trackedMembers() {
        members.cleanUp(clock.millis());
        return members.size();
    }

    @Override
    public String toString() {
        return "RateLimiter" + limits.stream().map(Limit::config).toList();
    }
}
