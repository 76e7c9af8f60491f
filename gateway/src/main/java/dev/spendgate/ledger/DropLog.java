package dev.spendgate.ledger;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warn line about lost records at most once per interval, carrying the count since the last line, so a full
 * disk or a burst cannot flood the log from the request path.
 */
final class DropLog {

    private final Logger log;
    private final Clock clock;
    private final long intervalMillis;
    private final String what;
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong lastWarnMillis;

    DropLog(Logger log, Clock clock, long intervalMillis, String what) {
        this.log = log;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
        this.what = what;
        this.lastWarnMillis = new AtomicLong(clock.millis() - intervalMillis);
    }

    /** Counts {@code n} lost records and warns if the interval has passed since the last warning. */
    void dropped(long n, String detail) {
        unreported.addAndGet(n);
        long now = clock.millis();
        long last = lastWarnMillis.get();
        if (now - last >= intervalMillis && lastWarnMillis.compareAndSet(last, now)) {
            log.warn("ledger dropped {} record(s) ({}): {}", unreported.getAndSet(0), what, detail);
        }
    }

    /** Reports what is still unreported (called once at close). */
    void flush() {
        long n = unreported.getAndSet(0);
        if (n > 0) {
            log.warn("ledger dropped {} record(s) ({}) since the last warning", n, what);
        }
    }
}
