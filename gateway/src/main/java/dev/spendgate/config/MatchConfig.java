package dev.spendgate.config;

import dev.spendgate.attribution.Dimension;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which requests a budget, limit or cap applies to. Every given condition must hold; an empty match applies to
 * every request. Values compare exactly (case-sensitive), and {@code unattributed} matches a missing header.
 *
 * @param attributes dimension to required value, e.g. {feature: summarize, tier: free}
 * @param models     model aliases as the client sent them; empty = any model (after a budget downgrade, budgets
 *                   matching the new model are evaluated and charged as well)
 * @param key        gateway API key name; null = any key (or none)
 */
public record MatchConfig(Map<Dimension, String> attributes, Set<String> models, @Nullable String key) {

    /** Matches everything. */
    public static MatchConfig all() {
        return new MatchConfig(Map.of(), Set.of(), null);
    }
}
