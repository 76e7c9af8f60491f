package dev.spendgate.config;

import dev.spendgate.attribution.Dimension;
import org.jspecify.annotations.Nullable;

/**
 * Requests and tokens per minute. Token limits count real usage (input + output, streams included) as responses
 * end; a request is refused while the last minute's tokens are at or above the limit.
 *
 * @param name              unique name
 * @param match             which requests it applies to
 * @param per               one limit per value of this dimension (e.g. customer), or null for one shared limit
 * @param requestsPerMinute or null
 * @param tokensPerMinute   or null
 * @param enforce           false = shadow: count and record, never refuse
 */
public record RateLimitConfig(
        String name,
        MatchConfig match,
        @Nullable Dimension per,
        @Nullable Long requestsPerMinute,
        @Nullable Long tokensPerMinute,
        boolean enforce) {
}
