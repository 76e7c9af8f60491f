package dev.spendgate.guard;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The budget guard's answer for one request.
 *
 * @param blocked      true when an enforced budget refuses the request (nothing is reserved then)
 * @param message      for a block: which budget, its window and limit, and when it resets
 * @param retryAfter   for a block: seconds until the blocking window resets (at least 1)
 * @param model        the model to use: the requested one, or a downgrade target
 * @param outputCap    the output cap to send when it was clamped, else null (leave the request's own)
 * @param warnings     values for {@code X-LLM-Budget-Warning} headers
 * @param events       actions taken or, for shadow budgets, that would have been taken
 * @param hold         reservations made (settle or release when the request ends)
 */
public record BudgetDecision(
        boolean blocked,
        @Nullable String message,
        long retryAfter,
        String model,
        @Nullable Long outputCap,
        List<String> warnings,
        List<GuardEvent> events,
        BudgetHold hold) {
}
