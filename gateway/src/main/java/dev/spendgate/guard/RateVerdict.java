package dev.spendgate.guard;

import dev.spendgate.config.RateLimitConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Collects the probes of one {@link RateLimiter#check} call and turns them into a {@link RateCheck}: the refusing
 * limit (the one with the longest wait, since a request needs every limit), the tightest limit for the headers, the
 * shadow refusals, and the lease. When refused, it takes back the requests already counted. Single-use, one thread.
 */
final class RateVerdict {

    private final @Nullable RateWindow[] members;
    private final RateWindow[] windows;
    private final long[] seconds;
    private int counted;
    private @Nullable List<String> shadow;

    private @Nullable String refusedBy;
    private @Nullable String reason;
    private long retryAfter;

    private long headerLimit = -1;
    private String headerLimitText = "";
    private long headerRemaining;
    private long headerReset;

    RateVerdict(int maxLimits) {
        members = new RateWindow[maxLimits];
        windows = new RateWindow[maxLimits];
        seconds = new long[maxLimits];
    }

    boolean refused() {
        return refusedBy != null;
    }

    /**
     * Adds one limit's probe.
     *
     * @param limitTexts the limit's requests and tokens per minute as header values (made once per limit)
     */
    void add(RateLimitConfig limit, String[] limitTexts, String member, RateWindow window, RateWindow.Probe p) {
        if (p.counted()) {
            // the lease only needs members that count tokens; every counted member is kept for undo
            members[counted] = limit.tokensPerMinute() == null ? null : window;
            windows[counted] = window;
            seconds[counted++] = p.second();
        }
        if (!limit.enforce()) {
            if (p.full()) {
                shadow = shadow == null ? new ArrayList<>(2) : shadow;
                shadow.add(limit.name());
            }
            return;
        }
        Long rpm = limit.requestsPerMinute();
        Long tpm = limit.tokensPerMinute();
        if (rpm != null) {
            offerHeader(rpm, limitTexts[0], rpm - p.requests(), p.requestsReset());
        }
        if (tpm != null) {
            offerHeader(tpm, limitTexts[1], tpm - p.tokens(), p.tokensReset());
        }
        if (p.full()) {
            boolean byRequests = p.requestsFull() && (!p.tokensFull() || p.requestsReset() >= p.tokensReset());
            long wait = byRequests ? p.requestsReset() : p.tokensReset();
            if (refusedBy == null || wait > retryAfter) {
                refusedBy = limit.name();
                retryAfter = Math.max(1, wait);
                reason = "rate limit '" + limit.name() + "' reached: "
                        + (byRequests ? rpm + " requests" : tpm + " tokens") + " per minute"
                        + (limit.per() == null ? "" : " for " + limit.per().key() + " '" + member + "'");
            }
        }
    }

    /** Keeps the limit with the smallest remaining fraction; on a tie, the one that resets last. */
    private void offerHeader(long limit, String limitText, long remaining, long reset) {
        long rem = Math.max(0, remaining);
        if (headerLimit < 0) {
            take(limit, limitText, rem, reset);
            return;
        }
        // rem / limit < headerRemaining / headerLimit, compared without division
        int cmp = Double.compare((double) rem * headerLimit, (double) headerRemaining * limit);
        if (cmp < 0 || cmp == 0 && reset > headerReset) {
            take(limit, limitText, rem, reset);
        }
    }

    private void take(long limit, String limitText, long remaining, long reset) {
        headerLimit = limit;
        headerLimitText = limitText;
        headerRemaining = remaining;
        headerReset = reset;
    }

    /** Reset values are seconds within a minute: their texts are made once. */
    private static final String[] SECONDS = new String[RateWindow.SLOTS + 1];

    static {
        for (int i = 0; i < SECONDS.length; i++) {
            SECONDS[i] = Integer.toString(i);
        }
    }

    private static String seconds(long n) {
        return n >= 0 && n < SECONDS.length ? SECONDS[(int) n] : Long.toString(n);
    }

    RateCheck finish() {
        Map<String, String> headers = headerLimit < 0 ? Map.of() : Map.of(
                RateCheck.LIMIT, headerLimitText,
                RateCheck.REMAINING, Long.toString(headerRemaining),
                RateCheck.RESET, seconds(headerReset));
        List<String> shadowNames = shadow == null ? List.of() : List.copyOf(shadow);
        if (refused()) {
            for (int i = 0; i < counted; i++) {
                windows[i].undo(seconds[i]);
            }
            return new RateCheck(false, refusedBy, reason, retryAfter, headers, shadowNames, RateLease.none());
        }
        RateLease lease = RateLease.of(members, counted);
        return new RateCheck(true, null, null, 0, headers, shadowNames, lease);
    }
}
