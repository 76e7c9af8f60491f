package dev.spendgate.metrics;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.spendgate.config.MetricsConfig;
import dev.spendgate.ledger.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every Prometheus meter of the gateway: the single source of metric names and label keys (dashboards and
 * alerts may only use names defined here; see the Metrics section of README.md).
 *
 * <p>{@link #record(UsageRecord)} is called once per finished request, on whatever thread ends it. Meters are
 * registered on a label tuple's first sight and cached in maps keyed by records of label values; the set a
 * request moves is also cached per tuple of raw (uncapped) values in a bounded cache, so every later request is
 * one map lookup and atomic adds, with no label capping, tag lists or per-meter lookups. Label values pass
 * through one {@link LabelLimiter} per label, which bounds the tuples and so these maps. Customer and session ids
 * are never labels (they are in the ledger).
 *
 * <p>Build exactly one instance per registry, for the life of the process (not per config reload): Micrometer
 * hands back the already-registered meter for a known id, so a second instance's cost counters would not be the
 * ones exported.
 */
public final class GatewayMeters implements AutoCloseable {

    /** Counter: finished requests (proxied, rejected and passed through). */
    public static final String REQUESTS = "llm_requests_total";
    /** Counter: tokens by {@link #TAG_TYPE}. */
    public static final String TOKENS = "llm_tokens_total";
    /** Counter: exact cost in USD. */
    public static final String COST = "llm_cost_usd_total";
    /** Histogram: arrival to last byte, seconds. */
    public static final String DURATION = "llm_request_duration_seconds";
    /** Histogram: arrival to first streamed event, seconds; streams only. */
    public static final String TTFT = "llm_time_to_first_token_seconds";
    /** Counter: first-seen sessions per feature. */
    public static final String SESSIONS = "llm_sessions_total";
    /** Counter: ledger records lost (queue full, write failed). */
    public static final String LEDGER_DROPPED = "llm_ledger_dropped_total";
    /** Counter: config reloads by result (ok, error). */
    public static final String CONFIG_RELOADS = "gateway_config_reload_total";
    /** Gauge: 1 while the shared budget store (state.store: redis) answers, 0 while it does not. */
    public static final String STATE_STORE_UP = "llm_state_store_up";
    /** Counter: changes of the shared budget store's reachability, by {@link #TAG_TO} (up, down). */
    public static final String STATE_STORE_TRANSITIONS = "llm_state_store_transitions_total";
    /** Gauge: bytes used by Netty's default allocator, by {@link #TAG_AREA}. */
    public static final String NETTY_MEMORY_USED = "netty_allocator_memory_used_bytes";
    /** Gauge: bytes in buffers handed out by a pooled Netty allocator, by {@link #TAG_AREA}. */
    public static final String NETTY_MEMORY_PINNED = "netty_allocator_memory_pinned_bytes";

    // Label keys. Every request label value is capped per key by a LabelLimiter (beyond the cap: "other").
    /** Label: attribution feature. */
    public static final String TAG_FEATURE = "feature";
    /** Label: the state a {@link #STATE_STORE_TRANSITIONS} change went to. */
    public static final String TAG_TO = "to";
    /** Label: attribution team. */
    public static final String TAG_TEAM = "team";
    /** Label: attribution tier. */
    public static final String TAG_TIER = "tier";
    /** Label: attribution experiment. */
    public static final String TAG_EXPERIMENT = "experiment";
    /** Label: attribution environment. */
    public static final String TAG_ENVIRONMENT = "environment";
    /** Label: provider id from config, or none. */
    public static final String TAG_PROVIDER = "provider";
    /** Label: model the client asked for, or none. */
    public static final String TAG_MODEL = "model";
    /** Label: endpoint label, e.g. chat_completions. */
    public static final String TAG_ENDPOINT = "endpoint";
    /** Label: outcome label, e.g. success. */
    public static final String TAG_OUTCOME = "outcome";
    /** Label: where token counts came from: provider, estimated or none. */
    public static final String TAG_USAGE_SOURCE = "usage_source";
    /** Label: true or false. */
    public static final String TAG_STREAM = "stream";
    /** Label: token type, one of the TYPE_ values. */
    public static final String TAG_TYPE = "type";
    /** Label: allocator memory area: direct or heap. */
    public static final String TAG_AREA = "area";

    /** Token type: input billed at the full input rate. */
    public static final String TYPE_INPUT = "input";
    /** Token type: input read from the provider's prompt cache. */
    public static final String TYPE_CACHED_INPUT = "cached_input";
    /** Token type: input written to a 5-minute cache. */
    public static final String TYPE_CACHE_WRITE_5M = "cache_write_5m";
    /** Token type: input written to a 1-hour cache. */
    public static final String TYPE_CACHE_WRITE_1H = "cache_write_1h";
    /** Token type: all output, reasoning included. */
    public static final String TYPE_OUTPUT = "output";
    /** Token type: reasoning/thinking; informational, a SUBSET of output (summing all types double-counts it). */
    public static final String TYPE_REASONING = "reasoning";

    /** Bucket bounds of {@link #DURATION}: LLM calls run from tens of ms (embeddings) to minutes (reasoning). */
    static final Duration[] DURATION_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600);
    /** Bucket bounds of {@link #TTFT}. */
    static final Duration[] TTFT_BUCKETS = seconds(0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 30, 60);

    private record RequestKey(SpendLabels spend, String outcome, boolean stream) {
    }

    private record DurationKey(String feature, String provider, String model, String endpoint, String outcome,
            boolean stream) {
    }

    private record TtftKey(String feature, String provider, String model, String endpoint) {
    }

    /**
     * A record's label values as they come, before the limiters: the key of its resolved meters. The limiters'
     * answer for a value never changes (an admitted value stays admitted, a refused one stays refused), so the
     * meters resolved for a raw tuple are those its labels would select on every later request.
     */
    private record RawLabels(String feature, String team, String tier, String experiment, String environment,
            @Nullable String provider, @Nullable String requestedModel, String endpoint, String usageSource,
            String outcome, boolean stream) {

        static RawLabels of(UsageRecord r) {
            return new RawLabels(r.feature(), r.team(), r.tier(), r.experiment(), r.environment(), r.provider(),
                    r.requestedModel(), r.endpoint(), r.usageSource(), r.outcome(), r.stream());
        }
    }

    /** Raw label tuples whose meters are kept resolved; beyond it the cache starts over (see BoundedCache). */
    static final int MAX_RESOLVED_TUPLES = 10_000;

    private final PrometheusMeterRegistry registry;
    private final RecordLabeler labeler;
    private final SessionCounter sessions;
    private final Counter ledgerDropped;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final ConcurrentHashMap<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SpendLabels, SpendSeries> spend = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DurationKey, Timer> durations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TtftKey, Timer> ttfts = new ConcurrentHashMap<>();
    private final BoundedCache<RawLabels, RecordSeries> resolved = new BoundedCache<>(MAX_RESOLVED_TUPLES);

    /** Registers the process meters and the ledger-drop counter; request series appear on first use. */
    public GatewayMeters(MetricsConfig config, PrometheusMeterRegistry registry) {
        this(config, registry, Set.of(), Ticker.systemTicker());
    }

    /**
     * As {@link #GatewayMeters(MetricsConfig, PrometheusMeterRegistry)}, with the configured model aliases as the
     * {@code model} label's allowlist (other requested models are labelled {@code other}).
     */
    public GatewayMeters(MetricsConfig config, PrometheusMeterRegistry registry, Set<String> knownModels) {
        this(config, registry, knownModels, Ticker.systemTicker());
    }

    /** For tests: {@code ticker} drives the session TTL. */
    GatewayMeters(MetricsConfig config, PrometheusMeterRegistry registry, Ticker ticker) {
        this(config, registry, Set.of(), ticker);
    }

    private GatewayMeters(MetricsConfig config, PrometheusMeterRegistry registry, Set<String> knownModels,
            Ticker ticker) {
        this.registry = registry;
        this.labeler = new RecordLabeler(config.maxLabelValues(), knownModels);
        this.sessions = new SessionCounter(registry, config.sessionCacheSize(), config.sessionTtl(), ticker);
        this.ledgerDropped = Counter.builder(LEDGER_DROPPED)
                .description("Usage records the ledger could not write (queue full or I/O error)")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new NettyAllocatorMetrics(ByteBufAllocator.DEFAULT).bindTo(registry);
    }

    /** Counts one finished request: requests, tokens, cost, duration, time to first token and its session. */
    public void record(UsageRecord r) {
        RecordSeries series = resolved.get(RawLabels.of(r), k -> resolve(r));
        series.request(r);
        series.spend(r);
        sessions.seen(series.featureLabel(), r.session());
    }

    /** Caps the record's labels and finds (or registers) its meters: the first request of a raw label tuple. */
    private RecordSeries resolve(UsageRecord r) {
        SpendLabels labels = labeler.labels(r);
        String outcome = labeler.outcome(r);
        Counter requestCounter = lookup(requests, new RequestKey(labels, outcome, r.stream()),
                this::newRequestCounter);
        Timer duration = lookup(durations, new DurationKey(labels.feature(), labels.provider(), labels.model(),
                labels.endpoint(), outcome, r.stream()), this::newDurationTimer);
        TtftKey tk = new TtftKey(labels.feature(), labels.provider(), labels.model(), labels.endpoint());
        return new RecordSeries(labels.feature(), requestCounter, duration,
                () -> lookup(spend, labels, l -> new SpendSeries(l, registry)),
                () -> lookup(ttfts, tk, this::newTtftTimer));
    }

    /**
     * Adds the tokens and cost of an earlier, failed attempt of a request (a retry or fallback line of the
     * ledger) that may have been billed: spend, but not another request, so only the token and cost series move.
     */
    public void recordAttemptSpend(UsageRecord r) {
        addSpend(labeler.labels(r), r);
    }

    /** Tokens and cost; a line with nothing metered (rejected, unmetered endpoint) adds no series of zeros. */
    private void addSpend(SpendLabels labels, UsageRecord r) {
        if (RecordSeries.hasSpend(r)) {
            lookup(spend, labels, l -> new SpendSeries(l, registry)).add(r);
        }
    }

    /** Counts a config reload attempt; {@code result} is {@code ok} or {@code error}. */
    public void configReload(String result) {
        Counter.builder(CONFIG_RELOADS).description("Config reloads (file change or POST /admin/reload) by result")
                .tag("result", result).register(registry).increment();
    }

    /** Counts one record the ledger could not write. */
    public void ledgerDropped() {
        ledgerDropped.increment();
    }

    /** Counts {@code count} records the ledger could not write (fits the ledger's drop listener). */
    public void ledgerDropped(long count) {
        ledgerDropped.increment(count);
    }

    /** The Prometheus text exposition of every meter in the registry. */
    public String scrape() {
        return registry.scrape();
    }

    /** The registry the meters live in (for binding further meters, e.g. Reactor Netty's). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** How many raw label tuples have their meters resolved (for tests: the cache is bounded). */
    int resolvedTuples() {
        return resolved.size();
    }

    /** Unhooks the GC notification listener. */
    @Override
    public void close() {
        gcMetrics.close();
    }

    private static <K, V> V lookup(ConcurrentHashMap<K, V> map, K key, Function<K, V> create) {
        V v = map.get(key);
        return v != null ? v : map.computeIfAbsent(key, create);
    }

    private Counter newRequestCounter(RequestKey k) {
        return Counter.builder(REQUESTS)
                .description("Finished requests, proxied, rejected or passed through")
                .tags(k.spend().tags())
                .tag(TAG_OUTCOME, k.outcome())
                .tag(TAG_STREAM, Boolean.toString(k.stream()))
                .register(registry);
    }

    private Timer newDurationTimer(DurationKey k) {
        return Timer.builder(DURATION)
                .description("Request arrival to last byte sent to the client")
                .tags(Tags.of(TAG_FEATURE, k.feature(), TAG_PROVIDER, k.provider(), TAG_MODEL, k.model(),
                        TAG_ENDPOINT, k.endpoint(), TAG_OUTCOME, k.outcome(), TAG_STREAM, Boolean.toString(k.stream())))
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
    }

    private Timer newTtftTimer(TtftKey k) {
        return Timer.builder(TTFT)
                .description("Request arrival to the first streamed event sent to the client")
                .tags(Tags.of(TAG_FEATURE, k.feature(), TAG_PROVIDER, k.provider(), TAG_MODEL, k.model(),
                        TAG_ENDPOINT, k.endpoint()))
                .serviceLevelObjectives(TTFT_BUCKETS)
                .register(registry);
    }

    private static Duration[] seconds(double... bounds) {
        Duration[] out = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            out[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
        }
        return out;
    }
}
