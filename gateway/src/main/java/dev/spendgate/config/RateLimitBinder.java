package dev.spendgate.config;

import dev.spendgate.attribution.Dimension;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Maps one entry of {@code guardrails.rate_limits}. */
final class RateLimitBinder {

    static final List<String> KEYS = List.of(
            "name", "match", "per", "requests_per_minute", "tokens_per_minute", "enforce");

    private RateLimitBinder() {
    }

    /** The rate limit, or null when its name is missing or invalid (reported). */
    static @Nullable RateLimitConfig bind(YamlSection r, UniqueNames names, GuardrailRefs refs) {
        String name = names.take(r);
        MatchConfig match = MatchBinder.match(r, refs);
        Dimension per = MatchBinder.per(r, match);
        // A limit of 0 would refuse everything: that is a block, better said by a budget with limit_requests: 0.
        Long requests = r.optInteger("requests_per_minute", 1, Long.MAX_VALUE);
        Long tokens = r.optInteger("tokens_per_minute", 1, Long.MAX_VALUE);
        if (r.raw("requests_per_minute") == null && r.raw("tokens_per_minute") == null) {
            r.errors().add(r.path(), "no limit (expected: at least one of requests_per_minute, tokens_per_minute)");
        }
        boolean enforce = r.bool("enforce", true);
        return name == null ? null : new RateLimitConfig(name, match, per, requests, tokens, enforce);
    }
}
