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
        String guardrails) {
}
