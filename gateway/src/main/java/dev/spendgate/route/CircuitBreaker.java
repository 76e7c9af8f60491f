package dev.spendgate.route;

import dev.spendgate.config.CircuitBreakerConfig;
import java.util.function.LongSupplier;

/**
 * One provider's circuit breaker. CLOSED lets everything through and counts consecutive failures;
 * {@code failureThreshold} of them open it. OPEN refuses until {@code openFor} has passed; then the breaker is
 * HALF_OPEN and lets exactly one probe through (other callers are refused while it runs). The probe's success
 * closes the breaker, its failure opens it again for another {@code openFor}. A probe that never reports (e.g. the
 * client went away; call {@link #release()}) is given up on after {@code openFor}, and another probe is allowed.
 *
 * <p>Callers: {@link #tryAcquire()} before an attempt; then exactly one of {@link #onSuccess()},
 * {@link #onFailure()} or {@link #release()}. Thread-safe (synchronized; the critical sections are a few fields).
 */
public final class CircuitBreaker {

    /** The breaker state, with the value exported as a metric. */
    public enum State {
        CLOSED(0),
        OPEN(1),
        HALF_OPEN(2);

        private final int code;

        State(int code) {
            this.code = code;
        }

        /** The metric value: CLOSED=0, OPEN=1, HALF_OPEN=2. */
        public int code() {
            return code;
        }
    }

    private final CircuitBreakerConfig config;
    private final LongSupplier nanoClock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    /** When OPEN: when it opened. When HALF_OPEN with a probe out: when the probe started. */
    private long since;
    private boolean probeInFlight;

    /** @param nanoClock monotonic nanoseconds, e.g. {@code System::nanoTime} */
    public CircuitBreaker(CircuitBreakerConfig config, LongSupplier nanoClock) {
        this.config = config;
        this.nanoClock = nanoClock;
    }

    /** Whether an attempt may go ahead now; in HALF_OPEN, true for the one probe only. */
    public synchronized boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (!elapsed(now)) {
                    return false;
                }
                state = State.HALF_OPEN;
                return startProbe(now);
            default:
                if (probeInFlight && !elapsed(now)) {
                    return false;
                }
                return startProbe(now);
        }
    }

    /**
     * Whether {@link #tryAcquire()} would let an attempt through now, without taking the probe: for ordering
     * deployments.
     */
    public synchronized boolean isAvailable() {
        long now = nanoClock.getAsLong();
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> elapsed(now);
            case HALF_OPEN -> !probeInFlight || elapsed(now);
        };
    }

    /** The attempt succeeded: closes the breaker and resets the failure count. */
    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        probeInFlight = false;
    }

    /** The attempt failed in a way that counts against the provider. */
    public synchronized void onFailure() {
        long now = nanoClock.getAsLong();
        if (state == State.HALF_OPEN) {
            open(now);
        } else if (state == State.CLOSED && ++consecutiveFailures >= config.failureThreshold()) {
            open(now);
        }
    }

    /** The attempt ended with no verdict on the provider (cancelled, or a client error): frees a probe. */
    public synchronized void release() {
        probeInFlight = false;
    }

    /** The current state (OPEN stays OPEN until the next {@link #tryAcquire()} after {@code openFor}). */
    public synchronized State state() {
        return state;
    }

    /** Consecutive failures counted while CLOSED. */
    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    public CircuitBreakerConfig config() {
        return config;
    }

    private void open(long now) {
        state = State.OPEN;
        since = now;
        probeInFlight = false;
        consecutiveFailures = 0;
    }

    private boolean startProbe(long now) {
        probeInFlight = true;
        since = now;
        return true;
    }

    private boolean elapsed(long now) {
        return now - since >= config.openFor().toNanos();
    }

    @Override
    public synchronized String toString() {
        return "CircuitBreaker[" + state + ", failures=" + consecutiveFailures + ", " + config + "]";
    }
}
