package dev.spendgate.guard;

import org.jspecify.annotations.Nullable;

/**
 * What the per-request caps decided. At most one of {@link #rejection} and {@link #routeTo} is set.
 *
 * @param rejection     413 {@code input_too_large} when the input is over a cap without an overflow model, else null
 * @param routeTo       the overflow model alias to send the request to instead, or null to keep the model
 * @param routedBy      the cap that chose {@code routeTo}, or null
 * @param clampOutputTo the output cap to write into the request, only when it differs from the request's own
 *                      (lower, or set where the request had none); null = leave the body alone
 * @param clampedBy     the cap whose {@code max_output_tokens} gave {@code clampOutputTo}, or null
 */
public record CapDecision(@Nullable GuardRejection rejection, @Nullable String routeTo, @Nullable String routedBy,
        @Nullable Long clampOutputTo, @Nullable String clampedBy) {

    private static final CapDecision UNCHANGED = new CapDecision(null, null, null, null, null);

    /** No cap applied: forward as is. */
    public static CapDecision unchanged() {
        return UNCHANGED;
    }

    /** Whether the request must be refused with {@link #rejection}. */
    public boolean refused() {
        return rejection != null;
    }
}
