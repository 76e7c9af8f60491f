package dev.spendgate.flow;

import dev.spendgate.config.ModelConfig;
import dev.spendgate.ledger.UsageLedger;
import dev.spendgate.ledger.UsageRecord;
import dev.spendgate.metrics.GatewayMeters;
import dev.spendgate.metrics.RouteMeters;
import dev.spendgate.stream.StreamUsage;

/**
 * Makes every upstream attempt visible: a metric per attempt (success, failure, retry, fallback, skipped), per
 * fallback and per experiment arm, and a ledger line for each failed attempt that another attempt followed, so
 * failed and retried spend is in the ledger too. The request's own line is written by {@link RequestRecorder}.
 */
final class AttemptEvents {

    private final RouteMeters meters;
    private final GatewayMeters spend;
    private final UsageLedger ledger;
    private final Metering metering;

    AttemptEvents(RouteMeters meters, GatewayMeters spend, UsageLedger ledger, Metering metering) {
        this.meters = meters;
        this.spend = spend;
        this.ledger = ledger;
        this.metering = metering;
    }

    /** An attempt that ended with {@code outcome} (success, failure, retry or fallback). */
    void attempt(Target target, String outcome, String reason, long startedNanos) {
        meters.attempt(target.provider(), target.model().alias(), outcome, "success".equals(outcome) ? "none"
                : reason, System.nanoTime() - startedNanos);
    }

    /** A target passed over without an attempt (circuit open, context window, format, budget). */
    void skipped(RequestContext ctx, Target target, String reason) {
        meters.attempt(target.provider(), target.model().alias(), "skipped", reason, -1);
        ctx.guardrails.add("skip_" + reason + ":" + target.model().alias());
    }

    /** The request moves from one model to another. */
    void fallback(ModelConfig from, ModelConfig to, String reason) {
        meters.fallback(from.alias(), to.alias(), reason);
    }

    /**
     * Meters a failed attempt that the provider may have billed (it was sent and timed out); true when it did
     * cost something, which the budgets must then be charged.
     */
    boolean meterFailure(RequestContext ctx) {
        if (ctx.usage == null && UpstreamExchange.mayHaveSpent(ctx)) {
            metering.meterStream(ctx, new StreamUsage(null, null, "", false, null), true);
            return ctx.cost.signum() > 0 || ctx.usage != null && ctx.usage.total() > 0;
        }
        return false;
    }

    /** The ledger line of a failed attempt that is followed by another ({@code retry} or {@code fallback}). */
    void attemptLine(RequestContext ctx, String outcome, String reason) {
        UsageRecord r = RequestRecorder.toRecord(ctx, outcome, reason, ctx.nanosSinceArrival());
        ledger.append(r);
        spend.recordAttemptSpend(r);
        meters.experiment(r);
    }

}
