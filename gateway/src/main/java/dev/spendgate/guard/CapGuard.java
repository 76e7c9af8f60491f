package dev.spendgate.guard;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.CapConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Per-request caps ({@code caps:}): {@code max_input_tokens} refuses (413) or routes to a larger-context model, and
 * {@code max_output_tokens} lowers the request's output cap. Built once per config snapshot; immutable and
 * thread-safe. Numbers only: the caller rewrites the body field of its API (max_tokens, max_completion_tokens,
 * max_output_tokens).
 */
public final class CapGuard {

    private final List<CapConfig> caps;

    /** Caps in YAML order. */
    public CapGuard(List<CapConfig> caps) {
        this.caps = List.copyOf(caps);
    }

    /**
     * Applies every cap whose {@code match:} holds, in order. Input: any cap whose {@code max_input_tokens} is
     * exceeded and that has no overflow model refuses the request (the first such cap is named); otherwise the
     * first exceeded cap with an overflow model routes it. Output: the effective cap is the minimum of the request's
     * cap and every matching {@code max_output_tokens}; with no request cap, the minimum of the caps.
     *
     * @param model              the model alias the client asked for (caps match on it, even after routing)
     * @param inputTokens        the request's input tokens as counted by the tokenizer
     * @param requestedOutputCap the output cap the request set, or null when it set none
     */
    public CapDecision apply(Attribution attribution, @Nullable String key, String model, long inputTokens,
            @Nullable Long requestedOutputCap) {
        CapConfig router = null;
        CapConfig clamp = null;
        long output = requestedOutputCap == null ? Long.MAX_VALUE : requestedOutputCap;
        for (CapConfig cap : caps) {
            if (!Matchers.matches(cap.match(), attribution, model, key)) {
                continue;
            }
            Long maxIn = cap.maxInputTokens();
            if (maxIn != null && inputTokens > maxIn) {
                if (cap.overflowModel() == null) {
                    return new CapDecision(tooLarge(cap, maxIn, inputTokens), null, null, null, null);
                }
                router = router == null ? cap : router;
            }
            Long maxOut = cap.maxOutputTokens();
            if (maxOut != null && maxOut < output) {
                output = maxOut;
                clamp = cap;
            }
        }
        if (router == null && clamp == null) {
            return CapDecision.unchanged();
        }
        return new CapDecision(null, router == null ? null : router.overflowModel(),
                router == null ? null : router.name(), clamp == null ? null : output,
                clamp == null ? null : clamp.name());
    }

    private static GuardRejection tooLarge(CapConfig cap, long maxIn, long inputTokens) {
        return new GuardRejection(413, GuardRejection.INPUT_TOO_LARGE, "request input is " + inputTokens
                + " tokens, over the cap '" + cap.name() + "' of " + maxIn + " input tokens; shorten the prompt"
                + " (e.g. fewer or shorter messages) or ask the gateway operator to raise max_input_tokens or set"
                + " route_to on that cap");
    }

    @Override
    public String toString() {
        return "CapGuard" + caps;
    }
}
