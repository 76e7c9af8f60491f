package dev.spendgate.guard;

/**
 * One guardrail action taken (or, in shadow mode, that would have been taken) on a request.
 *
 * @param guard  the budget or limit name
 * @param action {@code warn}, {@code downgrade}, {@code clamp}, {@code block}, {@code rate_limited}, or the same
 *               prefixed with {@code shadow_}
 */
public record GuardEvent(String guard, String action) {

    @Override
    public String toString() {
        return action + ":" + guard;
    }
}
