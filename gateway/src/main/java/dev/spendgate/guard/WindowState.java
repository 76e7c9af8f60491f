package dev.spendgate.guard;

/**
 * A window's totals at one moment.
 *
 * @param spent    settled spend in the window
 * @param reserved worst-case amounts of requests in flight, not yet settled
 */
public record WindowState(Amount spent, Amount reserved) {

    /** Empty window. */
    public static final WindowState EMPTY = new WindowState(Amount.ZERO, Amount.ZERO);

    /** Spent plus reserved: what the guard compares with the limits. */
    public Amount committed() {
        return spent.plus(reserved);
    }
}
