package dev.spendgate.guard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link RateLimiter#check}.
 *
 * @param allowed           false when an enforced limit is exhausted (answer 429 with {@link #rejection()})
 * @param refusedBy         the refusing limit's name, or null when allowed
 * @param reason            what was exhausted and for whom, or null when allowed
 * @param retryAfterSeconds when refused: seconds (at least 1) until enough counted units leave the minute for the
 *                          request to pass; 0 when allowed
 * @param headers           {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}
 *                          (seconds) of the tightest matched enforced limit, to send on allowed and refused responses
 *                          alike; empty when no enforced limit matched. The unit is that limit's: requests or tokens
 * @param shadowRefused     names of shadow ({@code enforce: false}) limits that would have refused, for metrics
 * @param lease             the token-limit members counted, for {@link RateLimiter#recordTokens} at response end
 */
public record RateCheck(boolean allowed, @Nullable String refusedBy, @Nullable String reason, long retryAfterSeconds,
        Map<String, String> headers, List<String> shadowRefused, RateLease lease) {

    /** Header: the tightest limit's per-minute allowance. */
    public static final String LIMIT = "X-RateLimit-Limit";
    /** Header: what remains of it in the current minute. */
    public static final String REMAINING = "X-RateLimit-Remaining";
    /** Header: seconds until the remaining allowance grows again. */
    public static final String RESET = "X-RateLimit-Reset";

    private static final RateCheck UNLIMITED = new RateCheck(true, null, null, 0, Map.of(), List.of(),
            RateLease.none());

    /** Allowed, with no limit matched. */
    public static RateCheck unlimited() {
        return UNLIMITED;
    }

    /**
     * The 429 {@code rate_limited} rejection, with {@code Retry-After} (RFC 9110 section 10.2.3) and the
     * {@code X-RateLimit-*} headers.
     *
     * @throws IllegalStateException when the request was allowed
     */
    public GuardRejection rejection() {
        if (allowed) {
            throw new IllegalStateException("request was allowed");
        }
        Map<String, String> h = new HashMap<>(headers);
        h.put("Retry-After", Long.toString(retryAfterSeconds));
        return new GuardRejection(429, GuardRejection.RATE_LIMITED,
                reason + "; retry after " + retryAfterSeconds + " s", h);
    }
}
