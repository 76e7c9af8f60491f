package dev.spendgate.metrics;

import dev.spendgate.route.CircuitBreaker;
import dev.spendgate.route.CircuitBreakers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Meters of routing and resilience: upstream attempts, retries, fallbacks, circuit breaker state, upstream
 * attempt latency, and the requests and cost of each configured experiment arm.
 *
 * <p>Label values come from bounded sets only: provider ids, model aliases, experiment and arm names from config,
 * and the fixed reason and outcome vocabularies. Meters are registered on first sight and cached.
 */
public final class RouteMeters {

    /** Counter: upstream attempts by provider, model, outcome (success, failure, retry, fallback, skipped), reason. */
    public static final String ATTEMPTS = "llm_upstream_attempts_total";
    /** Counter: retries of the same target by provider and reason. */
    public static final String RETRIES = "llm_retries_total";
    /** Counter: fallbacks by from_model, to_model and reason. */
    public static final String FALLBACKS = "llm_fallbacks_total";
    /** Gauge: circuit breaker state per provider: 0 closed, 1 open, 2 half-open. */
    public static final String CIRCUIT_STATE = "llm_circuit_breaker_state";
    /** Histogram: one upstream attempt, sent to its end (or failure), seconds. */
    public static final String ATTEMPT_DURATION = "llm_upstream_attempt_duration_seconds";
    /** Counter: requests routed by a configured experiment, by experiment, arm, model and outcome. */
    public static final String EXPERIMENT_REQUESTS = "llm_experiment_requests_total";
    /** Counter: exact cost in USD of requests routed by a configured experiment, by experiment, arm and model. */
    public static final String EXPERIMENT_COST = "llm_experiment_cost_usd_total";

    /** Label: why an attempt failed or was skipped, e.g. server_error, circuit_open; none on success. */
    public static final String TAG_REASON = "reason";
    /** Label: the model a fallback left. */
    public static final String TAG_FROM_MODEL = "from_model";
    /** Label: the model a fallback went to. */
    public static final String TAG_TO_MODEL = "to_model";
    /** Label: configured experiment name (routing.experiments). */
    public static final String TAG_ROUTE_EXPERIMENT = "route_experiment";
    /** Label: experiment arm name. */
    public static final String TAG_ARM = "arm";

    private static final Duration[] BUCKETS = GatewayMeters.DURATION_BUCKETS;

    private record AttemptKey(String provider, String model, String outcome, String reason) {
    }

    private record DurationKey(String provider, String outcome) {
    }

    private record RetryKey(String provider, String reason) {
    }

    private record FallbackKey(String from, String to, String reason) {
    }

    private record ArmRequestKey(String experiment, String arm, String model, String outcome) {
    }

    private record ArmKey(String experiment, String arm, String model) {
    }

    /** What an experiment's ledger line is counted under: the key of its resolved meters. */
    private record ArmLine(String experiment, String arm, String model, String outcome, boolean request) {
    }

    /** The requests counter (null for an attempt's spend line, which is not a request) and the cost sum. */
    private record ArmSeries(@org.jspecify.annotations.Nullable Counter requests, ExactSum cost) {
    }

    /** Kinds of arm lines kept resolved; names come from config, so this is a seatbelt (see BoundedCache). */
    private static final int MAX_ARM_LINES = 4_096;

    private final MeterRegistry registry;
    private final ConcurrentHashMap<AttemptKey, Counter> attempts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DurationKey, Timer> durations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FallbackKey, Counter> fallbacks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RetryKey, Counter> retries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ArmRequestKey, Counter> armRequests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ArmKey, ExactSum> armCost = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> breakerGauges = new ConcurrentHashMap<>();
    private final BoundedCache<ArmLine, ArmSeries> armLines = new BoundedCache<>(MAX_ARM_LINES);

    /** Meters in {@code registry}; one instance per registry for the life of the process. */
    public RouteMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Exports the state of every breaker in {@code breakers}, also of providers added by a reload. */
    public void bind(CircuitBreakers breakers) {
        for (String provider : breakers.all().keySet()) {
            breakerGauges.computeIfAbsent(provider, p -> {
                Gauge.builder(CIRCUIT_STATE, breakers, b -> stateOf(b.get(p)))
                        .description("Circuit breaker state per provider: 0 closed, 1 open, 2 half-open")
                        .tag(GatewayMeters.TAG_PROVIDER, p).register(registry);
                return Boolean.TRUE;
            });
        }
    }

    private static double stateOf(@org.jspecify.annotations.Nullable CircuitBreaker b) {
        return b == null ? Double.NaN : b.state().code();
    }

    /** One attempt that ended (or was skipped), with its duration (negative: none, e.g. skipped). */
    public void attempt(String provider, String model, String outcome, String reason, long nanos) {
        lookup(attempts, new AttemptKey(provider, model, outcome, reason), k -> Counter.builder(ATTEMPTS)
                .description("Upstream attempts by outcome: success, failure, retry, fallback, skipped")
                .tag(GatewayMeters.TAG_PROVIDER, k.provider()).tag(GatewayMeters.TAG_MODEL, k.model())
                .tag(GatewayMeters.TAG_OUTCOME, k.outcome()).tag(TAG_REASON, k.reason()).register(registry))
                .increment();
        if ("retry".equals(outcome)) {
            lookup(retries, new RetryKey(provider, reason), k -> Counter.builder(RETRIES)
                    .description("Retries of the same provider and model")
                    .tag(GatewayMeters.TAG_PROVIDER, k.provider()).tag(TAG_REASON, k.reason()).register(registry))
                    .increment();
        }
        if (nanos >= 0) {
            lookup(durations, new DurationKey(provider, outcome), k -> Timer.builder(ATTEMPT_DURATION)
                    .description("One upstream attempt, from sending to its end or failure")
                    .tag(GatewayMeters.TAG_PROVIDER, k.provider()).tag(GatewayMeters.TAG_OUTCOME, k.outcome())
                    .serviceLevelObjectives(BUCKETS).register(registry))
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A fallback from one model to another. */
    public void fallback(String from, String to, String reason) {
        lookup(fallbacks, new FallbackKey(from, to, reason), k -> Counter.builder(FALLBACKS)
                .description("Fallbacks from one model to another")
                .tag(TAG_FROM_MODEL, k.from()).tag(TAG_TO_MODEL, k.to()).tag(TAG_REASON, k.reason())
                .register(registry)).increment();
    }

    /** Counts a ledger line for its experiment arm, when a configured experiment routed the request. */
    public void experiment(dev.spendgate.ledger.UsageRecord r) {
        if (r.routeExperiment() != null && r.routeArm() != null) {
            experiment(r.routeExperiment(), r.routeArm(), r.routedModel() == null ? "none" : r.routedModel(),
                    r.outcome(), r.countsAsRequest(), r.costUsd());
        }
    }

    /** A request (or an earlier attempt's spend) of an experiment arm. */
    void experiment(String experiment, String arm, String model, String outcome, boolean request,
            BigDecimal cost) {
        ArmSeries series = armLines.get(new ArmLine(experiment, arm, model, outcome, request), this::resolve);
        Counter requests = series.requests();
        if (requests != null) {
            requests.increment();
        }
        series.cost().add(cost);
    }

    /** The meters of one kind of arm line: registered on first sight, shared by the lines of the same labels. */
    private ArmSeries resolve(ArmLine line) {
        Counter requests = !line.request() ? null : lookup(armRequests,
                new ArmRequestKey(line.experiment(), line.arm(), line.model(), line.outcome()), k ->
                        Counter.builder(EXPERIMENT_REQUESTS)
                                .description("Requests routed by a configured experiment, by arm")
                                .tag(TAG_ROUTE_EXPERIMENT, k.experiment()).tag(TAG_ARM, k.arm())
                                .tag(GatewayMeters.TAG_MODEL, k.model()).tag(GatewayMeters.TAG_OUTCOME, k.outcome())
                                .register(registry));
        ExactSum cost = lookup(armCost, new ArmKey(line.experiment(), line.arm(), line.model()), k -> {
            ExactSum sum = new ExactSum();
            FunctionCounter.builder(EXPERIMENT_COST, sum, ExactSum::value)
                    .description("Exact cost in USD of requests routed by a configured experiment, by arm")
                    .tag(TAG_ROUTE_EXPERIMENT, k.experiment()).tag(TAG_ARM, k.arm())
                    .tag(GatewayMeters.TAG_MODEL, k.model())
                    .register(registry);
            return sum;
        });
        return new ArmSeries(requests, cost);
    }

    private static <K, V> V lookup(ConcurrentHashMap<K, V> map, K key, Function<K, V> create) {
        V v = map.get(key);
        return v != null ? v : map.computeIfAbsent(key, create);
    }
}
