package dev.spendgate.guard;

import dev.spendgate.attribution.Attribution;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a budget rebuild needs of one ledger line.
 *
 * @param startedAt      when the request arrived: the live guard reserved (and later settled) in the window of
 *                       that moment, not of the end, so a stream across midnight was charged to the day it began
 * @param attribution    the request's attribution as recorded (after key narrowing)
 * @param requestedModel the model the client asked for, or null
 * @param routedModel    the model sent upstream, or null
 * @param key            the gateway key name, or null
 * @param guardrails     the guardrail actions, e.g. {@code route:big-input,warn:free-daily}
 * @param metered        whether the request was metered ({@code usage_source} other than {@code none}); only
 *                       those were settled as spend, the others released their reservation
 * @param amount         cost, all tokens (input + cached + cache writes + output) and one request
 */
record LedgerSpend(Instant startedAt, Attribution attribution, @Nullable String requestedModel,
        @Nullable String routedModel, @Nullable String key, String guardrails, boolean metered, Amount amount) {

    /**
     * The models the budget guard matched budgets on for this request: the model after a cap's {@code route_to}
     * (the guard runs after the caps) and, after a downgrade, the downgrade target too. The ledger holds the
     * requested and the routed model, so: the routed one always, and the requested one unless a cap rerouted it.
     * When a cap rerouted and a budget then downgraded, the model in between is not in the ledger and is missed.
     */
    List<String> guardedModels() {
        String requested = requestedModel == null ? "" : requestedModel;
        if (routedModel == null || routedModel.equals(requested)) {
            return List.of(requested);
        }
        return rerouted() ? List.of(routedModel) : List.of(requested, routedModel);
    }

    /** Whether a per-request cap sent the request to another model (a {@code route:<cap>} action). */
    private boolean rerouted() {
        return guardrails.startsWith("route:") || guardrails.contains(",route:");
    }
}
