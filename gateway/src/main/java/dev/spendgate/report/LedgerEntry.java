package dev.spendgate.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.ledger.UsageRecord;
import java.math.BigDecimal;

/**
 * The fields of one ledger line that the review uses.
 *
 * @param feature      attribution feature ({@code unattributed} when absent)
 * @param team         attribution team
 * @param customer     attribution customer
 * @param tier         attribution tier / segment
 * @param experiment   attribution experiment arm
 * @param environment  attribution environment
 * @param session      attribution session
 * @param model        the model alias sent upstream ({@code routed_model}, else {@code requested_model}, else none)
 * @param inputTokens  all prompt tokens: full-rate input, cache reads and cache writes
 * @param outputTokens output tokens (reasoning included)
 * @param cost         exact cost in USD, as written
 * @param error        whether the outcome was anything but {@code success}
 * @param rerouted     whether a guardrail sent another model than the one asked for (downgrade or route_to)
 * @param request      whether the line is a request's own line; false for an earlier attempt that was retried or
 *                     fell back (its cost counts, it is not another request)
 */
public record LedgerEntry(String feature, String team, String customer, String tier, String experiment,
        String environment, String session, String model, long inputTokens, long outputTokens, BigDecimal cost,
        boolean error, boolean rerouted, boolean request) {

    /** Reads a ledger line as {@link dev.spendgate.ledger.LedgerReader} returns it. */
    public static LedgerEntry of(JsonNode n) {
        String requested = text(n, "requested_model", "none");
        String routed = text(n, "routed_model", requested);
        long input = n.path("input_tokens").asLong() + n.path("cached_input_tokens").asLong()
                + n.path("cache_write_5m_tokens").asLong() + n.path("cache_write_1h_tokens").asLong();
        return new LedgerEntry(text(n, "feature", "unattributed"), text(n, "team", "unattributed"),
                text(n, "customer", "unattributed"), text(n, "tier", "unattributed"),
                experiment(n), text(n, "environment", "unattributed"),
                text(n, "session", "unattributed"), routed, input, n.path("output_tokens").asLong(),
                new BigDecimal(text(n, "cost_usd", "0")), !"success".equals(text(n, "outcome", "")),
                !routed.equals(requested) && byGuardrail(text(n, "guardrails", "")),
                UsageRecord.isRequestLine(text(n, "attempt_outcome", "")));
    }

    /**
     * The caller's {@code X-LLM-Experiment}, or, when it sent none and a configured experiment chose the model,
     * that experiment and arm as {@code name:arm}, so the report compares arms either way.
     */
    private static String experiment(JsonNode n) {
        String header = text(n, "experiment", "unattributed");
        String routed = text(n, "route_experiment", "");
        return header.equals("unattributed") && !routed.isEmpty() ? routed + ":" + text(n, "route_arm", "none")
                : header;
    }

    /**
     * Whether a guardrail chose the model (a budget downgrade or a cap's route_to), as opposed to a routing rule,
     * an experiment arm or a fallback.
     */
    private static boolean byGuardrail(String guardrails) {
        return guardrails.startsWith("downgrade:") || guardrails.contains(",downgrade:")
                || guardrails.startsWith("route:") || guardrails.contains(",route:");
    }

    private static String text(JsonNode n, String field, String absent) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? absent : v.asText();
    }
}
