package dev.spendgate.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One ledger line: everything known about one request's spend. Written as JSON with snake_case keys.
 * Customer and session ids live here (never in metric labels).
 *
 * @param requestId       gateway request id (also the {@code X-LLM-Request-Id} response header)
 * @param startedAt       when the request arrived
 * @param endedAt         when the response ended (or was cut / cancelled)
 * @param endpoint        endpoint label, e.g. {@code chat_completions}
 * @param provider        provider id from config, or null when none was chosen
 * @param requestedModel  the model the client asked for (alias)
 * @param servedModel     the model the provider reports having served (falls back to the upstream model id)
 * @param stream          whether the response was streamed
 * @param costUsd         exact cost in USD (plain decimal string in JSON)
 * @param usageSource     provider / estimated / none
 * @param outcome         outcome label
 * @param httpStatus      status sent to the client (0 when the client went away before any status)
 * @param latencyMs       arrival to last byte, milliseconds (fractional)
 * @param ttftMs          arrival to first streamed token/event, milliseconds, or null when not streamed
 * @param key             the gateway API key name the request carried, or null
 * @param routedModel     the model alias that was sent upstream (differs from requestedModel after a budget
 *                        downgrade or a cap's route_to), or null when none was chosen
 * @param guardrails      guardrail actions taken, e.g. {@code warn:free-daily,downgrade:free-daily}; empty if none
 * @param attempt         the upstream attempt this line is about, 1-based (0 when no provider was called)
 * @param attemptOutcome  {@code success} or {@code failure} for the request's own (last) line; {@code retry} or
 *                        {@code fallback} for an earlier attempt that failed and was followed by another. Only
 *                        success and failure lines count as requests; every line's cost was spent
 * @param fallbackReason  why the serving model or deployment is not the first one (e.g. {@code server_error}), or
 *                        null; on a retry/fallback line, why that attempt failed
 * @param routeRule       the routing rule that chose the model, or null
 * @param routeExperiment the configured experiment that chose the model, or null (the caller's own
 *                        {@code X-LLM-Experiment} header is {@code experiment})
 * @param routeArm        the experiment arm, or null
 */
public record UsageRecord(
        String requestId,
        Instant startedAt,
        Instant endedAt,
        String feature,
        String team,
        String customer,
        String tier,
        String experiment,
        String environment,
        String session,
        String endpoint,
        @Nullable String provider,
        @Nullable String requestedModel,
        @Nullable String servedModel,
        boolean stream,
        long inputTokens,
        long cachedInputTokens,
        long cacheWrite5mTokens,
        long cacheWrite1hTokens,
        long outputTokens,
        long reasoningTokens,
        BigDecimal costUsd,
        String usageSource,
        String outcome,
        int httpStatus,
        double latencyMs,
        @Nullable Double ttftMs,
        @Nullable String key,
        @Nullable String routedModel,
        String guardrails,
        int attempt,
        String attemptOutcome,
        @Nullable String fallbackReason,
        @Nullable String routeRule,
        @Nullable String routeExperiment,
        @Nullable String routeArm) {

    /** A line of a request that was not routed by rules or experiments and took at most one attempt. */
    public UsageRecord(String requestId, Instant startedAt, Instant endedAt, String feature, String team,
            String customer, String tier, String experiment, String environment, String session, String endpoint,
            @Nullable String provider, @Nullable String requestedModel, @Nullable String servedModel, boolean stream,
            long inputTokens, long cachedInputTokens, long cacheWrite5mTokens, long cacheWrite1hTokens,
            long outputTokens, long reasoningTokens, BigDecimal costUsd, String usageSource, String outcome,
            int httpStatus, double latencyMs, @Nullable Double ttftMs, @Nullable String key,
            @Nullable String routedModel, String guardrails) {
        this(requestId, startedAt, endedAt, feature, team, customer, tier, experiment, environment, session,
                endpoint, provider, requestedModel, servedModel, stream, inputTokens, cachedInputTokens,
                cacheWrite5mTokens, cacheWrite1hTokens, outputTokens, reasoningTokens, costUsd, usageSource, outcome,
                httpStatus, latencyMs, ttftMs, key, routedModel, guardrails, provider == null ? 0 : 1,
                "success".equals(outcome) ? "success" : "failure", null, null, null, null);
    }

    /** Whether this line is a request's own line (not an earlier, failed attempt of it). */
    public boolean countsAsRequest() {
        return isRequestLine(attemptOutcome);
    }

    /**
     * Whether a line with this {@code attempt_outcome} is a request's own line ({@code success}, {@code failure},
     * or absent in lines written before attempts were recorded), not an earlier attempt ({@code retry},
     * {@code fallback}) whose spend counts but which is not another request.
     */
    public static boolean isRequestLine(@Nullable String attemptOutcome) {
        return !"retry".equals(attemptOutcome) && !"fallback".equals(attemptOutcome);
    }
}
