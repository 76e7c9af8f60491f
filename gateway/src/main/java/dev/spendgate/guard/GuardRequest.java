package dev.spendgate.guard;

import dev.spendgate.attribution.Attribution;
import org.jspecify.annotations.Nullable;

/**
 * What the budget guard sees of a request before it is forwarded.
 *
 * @param requestId    the gateway request id (reservations are keyed by it)
 * @param attribution  the request's attribution (after key narrowing)
 * @param key          the gateway key name, or null
 * @param model        the model alias the client asked for
 * @param inputTokens  input tokens counted with the tokenizer (the worst case assumes no cache hit)
 * @param outputCap    the request's output cap, or the configured default when it set none
 */
public record GuardRequest(
        String requestId,
        Attribution attribution,
        @Nullable String key,
        String model,
        long inputTokens,
        long outputCap) {
}
