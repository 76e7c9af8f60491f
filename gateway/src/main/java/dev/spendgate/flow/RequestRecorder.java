package dev.spendgate.flow;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.ledger.UsageLedger;
import dev.spendgate.logging.AccessLogLine;
import dev.spendgate.ledger.UsageRecord;
import dev.spendgate.metering.TokenUsage;
import dev.spendgate.metrics.BudgetMeters;
import dev.spendgate.metrics.GatewayMeters;
import dev.spendgate.metrics.RouteMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a finished request exactly once: the ledger line, the metrics and one structured log line. The log
 * line carries ids, attribution labels, tokens and cost; never prompt text, customer ids or credentials
 * ({@link AccessLogLine}). Every step hands work off or adds to already-resolved meters: the ledger line is
 * queued for its writer thread, the log line for logback's, and the meters are found with one lookup each.
 */
final class RequestRecorder {

    private static final Logger ACCESS = LoggerFactory.getLogger("dev.spendgate.access");

    private final UsageLedger ledger;
    private final GatewayMeters meters;
    private final BudgetMeters guardActions;
    private final RouteMeters routes;

    RequestRecorder(UsageLedger ledger, GatewayMeters meters, BudgetMeters guardActions, RouteMeters routes) {
        this.ledger = ledger;
        this.routes = routes;
        this.meters = meters;
        this.guardActions = guardActions;
    }

    void record(RequestContext ctx) {
        ctx.mark(Stage.LAST_BYTE);
        UsageRecord r = toRecord(ctx);
        ledger.append(r);
        meters.record(r);
        routes.experiment(r);
        for (String event : ctx.guardrails) {
            guardActions.event(event);
        }
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info(AccessLogLine.of(r));
        }
    }

    static UsageRecord toRecord(RequestContext ctx) {
        return toRecord(ctx, ctx.outcome == Outcome.SUCCESS ? "success" : "failure", ctx.fallbackReason);
    }

    /**
     * The ledger line of the request's current attempt.
     *
     * @param attemptOutcome success or failure for the request's own line; retry or fallback for an earlier attempt
     * @param reason         the fallback reason (own line) or why the attempt failed (earlier attempt)
     */
    static UsageRecord toRecord(RequestContext ctx, String attemptOutcome, @org.jspecify.annotations.Nullable
            String reason) {
        return toRecord(ctx, attemptOutcome, reason, ctx.nanosTo(Stage.LAST_BYTE));
    }

    /** As above, with the line's end given as nanoseconds after the request's arrival. */
    static UsageRecord toRecord(RequestContext ctx, String attemptOutcome, @org.jspecify.annotations.Nullable
            String reason, long latencyNanos) {
        Attribution a = ctx.attribution;
        TokenUsage u = ctx.usage == null ? TokenUsage.ZERO : ctx.usage;
        long ttftNanos = ctx.stream ? ctx.nanosTo(Stage.FIRST_TOKEN) : -1;
        return new UsageRecord(ctx.requestId, ctx.startedAt, ctx.startedAt.plusNanos(latencyNanos),
                a.feature(), a.team(), a.customer(), a.tier(), a.experiment(), a.environment(), a.session(),
                ctx.endpoint.label(), ctx.provider, ctx.requestedModel,
                ctx.servedModel != null ? ctx.servedModel : ctx.model != null ? ctx.model.upstreamModel() : null,
                ctx.stream, u.input(), u.cacheRead(), u.cacheWrite5m(), u.cacheWrite1h(), u.output(), u.reasoning(),
                ctx.cost, ctx.usageSource.label(), ctx.outcome.label(), ctx.status,
                latencyNanos / 1e6, ttftNanos < 0 ? null : ttftNanos / 1e6, ctx.keyName,
                ctx.model == null ? null : ctx.model.alias(), ctx.guardrailEvents(), ctx.attempts, attemptOutcome,
                reason, ctx.routeRule, ctx.routeExperiment, ctx.routeArm);
    }

    /** Two decimals, as %.2f prints them, without a Formatter on every request (see {@link AccessLogLine}). */
    static String millis(double ms) {
        return AccessLogLine.millis(ms);
    }
}
