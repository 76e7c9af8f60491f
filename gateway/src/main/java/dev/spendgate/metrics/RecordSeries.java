package dev.spendgate.metrics;

import dev.spendgate.ledger.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The meters one finished request moves, resolved once for a tuple of raw label values and then reused: its
 * request counter, duration and time-to-first-token timers, token and cost series, and its (capped) feature label
 * for the session count. The spend and TTFT series are fetched on first use, as before, so a tuple that never
 * has spend or a stream creates no series of zeros.
 */
final class RecordSeries {

    private final String featureLabel;
    private final Counter requests;
    private final Timer duration;
    private final Supplier<SpendSeries> spendSource;
    private final Supplier<Timer> ttftSource;
    private volatile @Nullable SpendSeries spend;
    private volatile @Nullable Timer ttft;

    RecordSeries(String featureLabel, Counter requests, Timer duration, Supplier<SpendSeries> spend,
            Supplier<Timer> ttft) {
        this.featureLabel = featureLabel;
        this.requests = requests;
        this.duration = duration;
        this.spendSource = spend;
        this.ttftSource = ttft;
    }

    /** The feature label, as capped by its limiter. */
    String featureLabel() {
        return featureLabel;
    }

    /** Counts the request, its duration and (streams) its time to first token. */
    void request(UsageRecord r) {
        requests.increment();
        duration.record(nanos(r.latencyMs()), TimeUnit.NANOSECONDS);
        Double ttftMs = r.ttftMs();
        if (r.stream() && ttftMs != null) {
            Timer t = ttft;
            if (t == null) {
                t = ttftSource.get();
                ttft = t;
            }
            t.record(nanos(ttftMs), TimeUnit.NANOSECONDS);
        }
    }

    /** Adds tokens and cost; a line with nothing metered adds no series of zeros. */
    void spend(UsageRecord r) {
        if (hasSpend(r)) {
            SpendSeries s = spend;
            if (s == null) {
                s = spendSource.get();
                spend = s;
            }
            s.add(r);
        }
    }

    static boolean hasSpend(UsageRecord r) {
        return r.inputTokens() + r.cachedInputTokens() + r.cacheWrite5mTokens() + r.cacheWrite1hTokens()
                + r.outputTokens() > 0 || r.costUsd().signum() != 0;
    }

    private static long nanos(double millis) {
        return Math.max(0L, Math.round(millis * 1_000_000d));
    }
}
