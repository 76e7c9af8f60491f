package dev.spendgate.flow;

import dev.spendgate.api.ApiFormat;
import dev.spendgate.api.Endpoint;
import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.inspect.ClientRequest;
import dev.spendgate.metering.TokenUsage;
import dev.spendgate.metering.UsageSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Mutable state of one request, written by the flow as it goes. A request is handled by one event-loop thread at
 * a time (Reactor Netty colocates the upstream connection), and {@link #finish()} guards the single recording.
 */
final class RequestContext {

    final String requestId;
    final Instant startedAt;
    final Endpoint endpoint;
    final ApiFormat format;
    private final long[] trail = new long[Stage.values().length];
    private final AtomicBoolean finished = new AtomicBoolean();

    Attribution attribution = Attribution.none();
    @Nullable ClientRequest request;
    @Nullable String requestedModel;
    @Nullable ModelConfig model;
    @Nullable String provider;
    @Nullable String servedModel;
    boolean stream;
    @Nullable TokenUsage usage;
    UsageSource usageSource = UsageSource.NONE;
    BigDecimal cost = BigDecimal.ZERO;
    Outcome outcome = Outcome.SUCCESS;
    int status;
    /** The provider's status, 0 before (or without) a response. */
    int upstreamStatus;
    /** The gateway key name the request carried, or null. */
    @Nullable String keyName;
    /** The gateway key the request carried, or null. */
    dev.spendgate.config.@Nullable KeyConfig key;
    /** The headers that carried the gateway key (never forwarded). */
    java.util.Set<String> keyHeaders = java.util.Set.of();
    /** Budget reservations to settle or release when the request ends, or null. */
    dev.spendgate.guard.@Nullable BudgetHold budgetHold;
    /** Token-per-minute members to charge real usage to, or null. */
    dev.spendgate.guard.@Nullable RateLease rateLease;
    /** Guardrail actions taken, in order (e.g. warn:free-daily). */
    final java.util.List<String> guardrails = new java.util.ArrayList<>(2);
    /** The routing decision: primary model, fallback chain, rule and experiment arm; null before routing. */
    dev.spendgate.route.@Nullable RoutePlan routePlan;
    /** The tokenizer's input count once a context-window check needed it, else -1. */
    long inputEstimate = -1;
    /** True after a failed attempt until the next one is sent (a backoff wait): nothing is in flight upstream. */
    boolean betweenAttempts;
    /** Upstream attempts so far (retries and fallbacks included). */
    int attempts;
    /** Why the serving target is not the first one: the failure that caused the (last) fallback, or null. */
    @Nullable String fallbackReason;
    /** The routing rule that chose the model, or null. */
    @Nullable String routeRule;
    /** The configured experiment and arm that chose the model, or null. */
    @Nullable String routeExperiment;
    @Nullable String routeArm;
    /** Set when the response is an SSE stream; read when the request is recorded. */
    @Nullable StreamRelay relay;

    RequestContext(String requestId, Endpoint endpoint, ApiFormat format) {
        this.requestId = requestId;
        this.startedAt = Instant.now();
        this.endpoint = endpoint;
        this.format = format;
        mark(Stage.RECEIVED);
    }

    void mark(Stage stage) {
        if (trail[stage.ordinal()] == 0) {
            trail[stage.ordinal()] = System.nanoTime();
        }
    }

    boolean reached(Stage stage) {
        return trail[stage.ordinal()] != 0;
    }

    /** Nanoseconds from arrival to {@code stage}, or -1 when the stage was not reached. */
    long nanosTo(Stage stage) {
        long t = trail[stage.ordinal()];
        return t == 0 ? -1 : t - trail[Stage.RECEIVED.ordinal()];
    }

    /** Sets a gateway-produced outcome and the status it answers with. */
    void fail(Outcome failure, int httpStatus) {
        this.outcome = failure;
        this.status = httpStatus;
    }

    /** Nanoseconds since arrival. */
    long nanosSinceArrival() {
        return System.nanoTime() - trail[Stage.RECEIVED.ordinal()];
    }

    /** Forgets what a failed attempt left, before the next attempt of the same request. */
    void resetAttempt() {
        betweenAttempts = true;
        usage = null;
        usageSource = UsageSource.NONE;
        cost = BigDecimal.ZERO;
        outcome = Outcome.SUCCESS;
        status = 0;
        upstreamStatus = 0;
        servedModel = null;
        relay = null;
        stream = request != null && request.stream();
    }

    /** Guardrail actions as the ledger writes them: comma-separated, empty for none. */
    String guardrailEvents() {
        return guardrails.isEmpty() ? "" : String.join(",", guardrails);
    }

    /** True exactly once: the caller records the request. */
    boolean finish() {
        return finished.compareAndSet(false, true);
    }
}
