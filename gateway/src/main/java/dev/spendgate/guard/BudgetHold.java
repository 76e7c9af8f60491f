package dev.spendgate.guard;

import java.util.List;

/**
 * The reservations a request holds until it ends; settle or release exactly once.
 *
 * @param requestId    reservations are keyed by it
 * @param reservations the windows reserved in
 */
public record BudgetHold(String requestId, List<WindowRef> reservations) {

    /** No reservations. */
    public static BudgetHold none(String requestId) {
        return new BudgetHold(requestId, List.of());
    }
}
