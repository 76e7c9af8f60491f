package dev.spendgate.guard;

import dev.spendgate.attribution.Attribution;
import org.jspecify.annotations.Nullable;

/**
 * What the budget guard sees of a request before it is forwarded.
 *
 * @param requestId    the gateway request id (reservations are keyed by it)
 * @param attribution  the request's attribution (after key narrowing)
 * @param key          the gateway key name, or null
 * @param model        the model alias the client asked for (budgets match on it)
 * @param servedModel  the model that will serve unless a budget downgrades it (after a cap's route_to); priced
 * @param inputTokens  input tokens counted with the tokenizer (the worst case assumes no cache hit)
 * @param outputCap    the request's output cap per choice, or the configured default when it set none
 * @param choices      outputs requested ({@code n} / {@code best_of}, at least 1)
 */
public record GuardRequest(
        String requestId,
        Attribution attribution,
        @Nullable String key,
        String model,
        String servedModel,
        long inputTokens,
        long outputCap,
        long choices) {

    /** A request for one output, served by the model it asks for. */
    public GuardRequest(String requestId, Attribution attribution, @Nullable String key, String model,
            long inputTokens, long outputCap) {
        this(requestId, attribution, key, model, model, inputTokens, outputCap, 1);
    }
}
