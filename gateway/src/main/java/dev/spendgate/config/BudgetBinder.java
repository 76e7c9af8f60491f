package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.WindowSpec.Kind;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Maps one entry of {@code guardrails.budgets}. */
final class BudgetBinder {

    static final List<String> KEYS = List.of("name", "match", "per", "window", "rolling", "limit_usd",
            "limit_tokens", "limit_requests", "enforce", "actions", "clamp_max_tokens");
    static final List<String> CLAMP_KEYS = List.of("min");

    /** Rolling windows: at least a minute (finer is a rate limit's job), at most a month's worth of days. */
    static final Duration MIN_ROLLING = Duration.ofMinutes(1);
    static final Duration MAX_ROLLING = Duration.ofDays(31);

    private static final String WINDOW_EXPECTED = "one of [day, week, month, rolling]";
    private static final String ROLLING_EXPECTED = "a duration 1m..31d such as 30m, 1h or 7d";

    private BudgetBinder() {
    }

    /** The budget, or null when a required part is missing or invalid (reported). */
    static @Nullable BudgetConfig bind(YamlSection b, UniqueNames names, GuardrailRefs refs) {
        String name = names.take(b);
        MatchConfig match = MatchBinder.match(b, refs);
        Dimension per = MatchBinder.per(b, match);
        WindowSpec window = window(b);
        BigDecimal usd = b.decimal("limit_usd", "a non-negative number of USD, e.g. 50 or 0.50");
        Long tokens = b.optInteger("limit_tokens", 0, Long.MAX_VALUE);
        Long requests = b.optInteger("limit_requests", 0, Long.MAX_VALUE);
        if (b.raw("limit_usd") == null && b.raw("limit_tokens") == null && b.raw("limit_requests") == null) {
            b.errors().add(b.path(), "no limit (expected: at least one of limit_usd, limit_tokens, limit_requests)");
        }
        boolean enforce = b.bool("enforce", true);
        List<LadderStep> actions = LadderBinder.actions(b, refs, match.models());
        Long clampMin = null;
        if (b.raw("clamp_max_tokens") != null) {
            YamlSection clamp = b.section("clamp_max_tokens", CLAMP_KEYS);
            if (clamp.raw("min") == null) {
                clamp.errors().missing(clamp.path("min"), "the smallest output cap to clamp to, e.g. min: 256");
            }
            clampMin = clamp.optInteger("min", 1, Integer.MAX_VALUE);
        }
        if (name == null || window == null) {
            return null;
        }
        return new BudgetConfig(name, match, per, window, usd, tokens, requests, enforce, actions, clampMin);
    }

    /** {@code window:} [day]; {@code rolling:} is required with, and only allowed with, window: rolling. */
    private static @Nullable WindowSpec window(YamlSection b) {
        String text = b.string("window", "day", WINDOW_EXPECTED).toLowerCase(Locale.ROOT);
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.name().toLowerCase(Locale.ROOT).equals(text)) {
                kind = k;
            }
        }
        if (kind == null) {
            b.errors().invalid(b.path("window"), b.raw("window"), WINDOW_EXPECTED);
            return null;
        }
        if (kind != Kind.ROLLING) {
            if (b.raw("rolling") != null) {
                b.errors().invalid(b.path("rolling"), b.raw("rolling"), "rolling only with window: rolling");
            }
            return new WindowSpec(kind, null);
        }
        JsonNode rolling = b.raw("rolling");
        if (rolling == null) {
            b.errors().missing(b.path("rolling"), ROLLING_EXPECTED + " with window: rolling");
            return null;
        }
        Duration length = rolling.isTextual() ? Units.windowDuration(rolling.asText()) : null;
        if (length == null || length.compareTo(MIN_ROLLING) < 0 || length.compareTo(MAX_ROLLING) > 0) {
            b.errors().invalid(b.path("rolling"), rolling, ROLLING_EXPECTED);
            return null;
        }
        return new WindowSpec(kind, length);
    }
}
