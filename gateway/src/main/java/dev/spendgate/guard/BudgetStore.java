package dev.spendgate.guard;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Budget window state with atomic reserve / settle / release, so concurrent requests (and, with a shared store,
 * several gateway replicas) can never together commit more than a limit allows.
 *
 * <p>Invariant: a granted reservation is held until exactly one of {@link #settle} or {@link #release} runs for
 * its request id; both are idempotent per request id (a retried settle is applied once). The in-process store is
 * {@link InMemoryBudgetStore}; a Redis store implements the same contract with server-side scripts.
 */
public interface BudgetStore {

    /**
     * Atomically: when {@code committed + amount} fits {@code limits} (or {@code force} is set), adds
     * {@code amount} to the window's reserved total under {@code requestId} and grants; otherwise changes nothing
     * and denies. Either way the result carries the state before the call.
     *
     * @param force reserve even when it does not fit (soft budgets and shadow mode account without refusing)
     */
    ReserveResult reserve(WindowRef window, String requestId, Amount amount, Limits limits, boolean force);

    /** Replaces the reservation of {@code requestId} by the actual spend (idempotent per request id). */
    void settle(WindowRef window, String requestId, Amount actual);

    /** Drops the reservation of {@code requestId} without spend (idempotent per request id). */
    void release(WindowRef window, String requestId);

    /**
     * {@link #reserve(WindowRef, String, Amount, Limits, boolean)} at {@code now}, the instant the caller built
     * the window from (so a request reads the clock once). A store with a clock of its own (e.g. Redis TIME)
     * ignores it, which is the default.
     */
    default ReserveResult reserve(WindowRef window, String requestId, Amount amount, Limits limits, boolean force,
            Instant now) {
        return reserve(window, requestId, amount, limits, force);
    }

    /** {@link #settle(WindowRef, String, Amount)} at {@code now}. */
    default void settle(WindowRef window, String requestId, Amount actual, Instant now) {
        settle(window, requestId, actual);
    }

    /** {@link #release(WindowRef, String)} at {@code now}. */
    default void release(WindowRef window, String requestId, Instant now) {
        release(window, requestId);
    }

    /** {@link #state(WindowRef)} at {@code now}. */
    default WindowState state(WindowRef window, Instant now) {
        return state(window);
    }

    /** Adds spend that happened without a reservation (rebuilding state from the ledger after a restart). */
    void addSpent(WindowRef window, Amount spent);

    /** The window's current totals. */
    WindowState state(WindowRef window);

    /**
     * Every member the store holds for {@code budgetId}, each with its totals in its current window, largest
     * committed USD first (the admin API's top spenders, the aggregates of budget metrics). A read, not atomic
     * across members; it costs a pass over the members held, so call it per scrape or request, never per proxied
     * request.
     *
     * @param windowOf the member's current window (e.g. {@code m -> BudgetWindows.windowFor(id, m, ..)})
     */
    List<MemberState> members(String budgetId, Function<String, WindowRef> windowOf);

    /**
     * Whether calls may wait on the network (a shared store): the flow then calls {@link #reserve} and
     * {@link #state} off the event loop; {@link #settle} and {@link #release} must never block.
     */
    default boolean remote() {
        return false;
    }

    /**
     * Result of {@link #reserve}.
     *
     * @param granted whether the reservation was made
     * @param before  the window's totals before this call
     */
    record ReserveResult(boolean granted, WindowState before) {
    }
}
