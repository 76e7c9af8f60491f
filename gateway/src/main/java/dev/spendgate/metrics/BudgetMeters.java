package dev.spendgate.metrics;

import dev.spendgate.guard.BudgetGuard;
import dev.spendgate.guard.GuardEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Budget and guardrail metrics: the single source of their names and label keys (see "Budget metrics" in
 * the Guardrails section of README.md).
 *
 * <p><b>Gauges</b>, labelled {@code budget} (the configured name) and {@code window} ({@code day}, {@code week},
 * {@code month}, {@code rolling 1h}...), are computed at scrape time from the current guard (it changes on
 * reload): see {@link BudgetCollector}. A budget removed by a reload has no series from the next scrape on.
 * USD limit and remaining exist only for budgets with a USD limit; token and request series only for budgets
 * with those limits. A {@code per:} budget (e.g. per customer) never gets a member label, whose values are
 * unbounded: its series aggregate the members' current windows (spent, reserved and projection summed,
 * utilisation the largest, remaining the smallest, limit the per-member limit), plus {@link #MEMBERS} and
 * {@link #MEMBERS_OVER}. Each member is in {@code GET /admin/budgets}.
 *
 * <p><b>Counters</b>: {@link #GUARDRAIL_ACTIONS} by guard (budget, rate limit or cap name from config, capped by
 * a {@link LabelLimiter} anyway) and action (a closed set, anything else is {@code other}).
 *
 * <p>Build exactly one instance per registry, for the life of the process (not per reload).
 */
public final class BudgetMeters {

    /** Gauge: the USD limit per window (per member for a {@code per:} budget). */
    public static final String LIMIT_USD = "llm_budget_limit_usd";
    /** Gauge: settled USD spend in the current window. */
    public static final String SPENT_USD = "llm_budget_spent_usd";
    /** Gauge: USD reserved by requests in flight (their worst case). */
    public static final String RESERVED_USD = "llm_budget_reserved_usd";
    /** Gauge: USD that may still be committed (limit - spent - reserved, at least 0; the tightest member). */
    public static final String REMAINING_USD = "llm_budget_remaining_usd";
    /** Gauge: committed / limit, the largest over the limits set (and over members); 1 = at the limit. */
    public static final String UTILIZATION = "llm_budget_utilization_ratio";
    /** Gauge: when the window resets (calendar) or its oldest spend leaves it (rolling), epoch seconds. */
    public static final String RESET_TIMESTAMP = "llm_budget_reset_timestamp_seconds";
    /** Gauge: spent USD projected to the window's end, linear on the window so far (rolling: the spend). */
    public static final String PROJECTED_USD = "llm_budget_projected_usd";
    /** Gauge: the token limit per window; only for budgets with one. */
    public static final String LIMIT_TOKENS = "llm_budget_limit_tokens";
    /** Gauge: settled tokens in the current window; only for budgets with a token limit. */
    public static final String SPENT_TOKENS = "llm_budget_spent_tokens";
    /** Gauge: the request limit per window; only for budgets with one. */
    public static final String LIMIT_REQUESTS = "llm_budget_limit_requests";
    /** Gauge: settled requests in the current window; only for budgets with a request limit. */
    public static final String SPENT_REQUESTS = "llm_budget_spent_requests";
    /** Gauge: members of a {@code per:} budget with spend or reservations in the current window. */
    public static final String MEMBERS = "llm_budget_members";
    /** Gauge: members of a {@code per:} budget at or over the ladder's warn or block threshold. */
    public static final String MEMBERS_OVER = "llm_budget_members_over";
    /** Counter: guardrail actions taken, or in shadow mode that would have been taken. */
    public static final String GUARDRAIL_ACTIONS = "llm_guardrail_actions_total";

    /** Label: the budget's configured name. */
    public static final String TAG_BUDGET = "budget";
    /** Label: the budget's window. */
    public static final String TAG_WINDOW = "window";
    /** Label of {@link #MEMBERS_OVER}: {@code warn} or {@code block}. */
    public static final String TAG_THRESHOLD = "threshold";
    /** Label: the budget, rate limit or cap name. */
    public static final String TAG_GUARD = "guard";
    /** Label: the action, one of {@link #ACTIONS} or {@code other}. */
    public static final String TAG_ACTION = "action";

    /** Actions counted under their own label value, each also with a {@code shadow_} prefix. */
    public static final Set<String> ACTIONS = Stream.concat(Stream.of("warn", "downgrade", "clamp", "block", "route",
            "cap_output", "rate_limited").flatMap(a -> Stream.of(a, "shadow_" + a)),
            // Routing: a fallback target refused by a budget, or passed over (guard = the model alias).
            Stream.of("fallback_blocked", "skip_circuit_open", "skip_context_window", "skip_format", "skip_budget"))
            .collect(Collectors.toUnmodifiableSet());

    /** Distinct guard names counted before further ones are labelled {@code other}. */
    public static final int MAX_GUARDS = 500;

    /** Distinct {@code action:guard} events whose counter is kept resolved (see {@link #event(String)}). */
    static final int MAX_EVENTS = 4_096;

    /** Every gauge name, in exposition order. */
    static final List<String> GAUGES = List.of(LIMIT_USD, REMAINING_USD, SPENT_USD, RESERVED_USD, UTILIZATION,
            RESET_TIMESTAMP, PROJECTED_USD, LIMIT_TOKENS, SPENT_TOKENS, LIMIT_REQUESTS, SPENT_REQUESTS, MEMBERS,
            MEMBERS_OVER);

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(LIMIT_USD, "Budget USD limit per window (per member for a per: budget)"),
            Map.entry(REMAINING_USD, "Budget USD that may still be committed in the window (tightest member)"),
            Map.entry(SPENT_USD, "Budget USD settled in the current window (summed over members)"),
            Map.entry(RESERVED_USD, "Budget USD reserved by requests in flight (summed over members)"),
            Map.entry(UTILIZATION, "Budget committed/limit, largest over limits and members; 1 = at the limit"),
            Map.entry(RESET_TIMESTAMP, "When the budget window resets (rolling: its oldest spend leaves), epoch s"),
            Map.entry(PROJECTED_USD, "Budget USD spend projected to the window end, linear (rolling: the spend)"),
            Map.entry(LIMIT_TOKENS, "Budget token limit per window"),
            Map.entry(SPENT_TOKENS, "Budget tokens settled in the current window (summed over members)"),
            Map.entry(LIMIT_REQUESTS, "Budget request limit per window"),
            Map.entry(SPENT_REQUESTS, "Budget requests settled in the current window (summed over members)"),
            Map.entry(MEMBERS, "Members of a per: budget with spend or reservations in the current window"),
            Map.entry(MEMBERS_OVER, "Members of a per: budget at or over the ladder's warn or block threshold"));

    private record ActionKey(String guard, String action) {
    }

    private final PrometheusMeterRegistry registry;
    private final LabelLimiter guards;
    private final ConcurrentHashMap<ActionKey, Counter> actions = new ConcurrentHashMap<>();
    private final BoundedCache<String, Counter> events = new BoundedCache<>(MAX_EVENTS);

    /**
     * Registers the budget gauges on {@code registry}.
     *
     * @param guard the current snapshot's budget guard (read at every scrape)
     * @param clock the clock the guard's windows run on (the guard state's clock)
     */
    public BudgetMeters(PrometheusMeterRegistry registry, Supplier<BudgetGuard> guard,
            Clock clock) {
        this(registry, guard, clock, MAX_GUARDS);
    }

    BudgetMeters(PrometheusMeterRegistry registry, Supplier<BudgetGuard> guard, Clock clock,
            int maxGuards) {
        this.registry = registry;
        this.guards = new LabelLimiter(maxGuards);
        registry.getPrometheusRegistry().register(new BudgetCollector(guard, clock));
    }

    /** Counts one guardrail action, e.g. {@code action("free-daily", "warn")}. */
    public void action(String guard, String action) {
        counter(guard, action).increment();
    }

    /**
     * Counts one guardrail event as a request records it, {@code action:guard} (e.g. {@code warn:free-daily}, the
     * form of the ledger's {@code guardrails}): the same counter as {@code action(guard, action)}, found with one
     * lookup of the event string (bounded cache) instead of splitting it and capping its labels every time.
     */
    public void event(String event) {
        events.get(event, e -> {
            int colon = e.indexOf(':');
            return counter(e.substring(colon + 1), e.substring(0, colon));
        }).increment();
    }

    private Counter counter(String guard, String action) {
        ActionKey key = new ActionKey(guards.limit(guard), ACTIONS.contains(action) ? action : LabelLimiter.OTHER);
        Counter c = actions.get(key);
        return c != null ? c : actions.computeIfAbsent(key, this::newCounter);
    }

    /** Counts each of a request's guardrail events (e.g. {@code BudgetDecision.events()}). */
    public void actions(Collection<GuardEvent> events) {
        for (GuardEvent e : events) {
            action(e.guard(), e.action());
        }
    }

    static String help(String name) {
        return HELP.getOrDefault(name, name);
    }

    private Counter newCounter(ActionKey k) {
        return Counter.builder(GUARDRAIL_ACTIONS)
                .description("Guardrail actions taken (shadow_*: would have been taken, enforce: false)")
                .tag(TAG_GUARD, k.guard())
                .tag(TAG_ACTION, k.action())
                .register(registry);
    }
}
