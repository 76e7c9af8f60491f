package dev.spendgate.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Maps one entry of {@code guardrails.caps}. */
final class CapBinder {

    static final List<String> KEYS = List.of("name", "match", "max_input_tokens", "route_to", "max_output_tokens");

    private CapBinder() {
    }

    /** The cap, or null when its name is missing or invalid (reported). */
    static @Nullable CapConfig bind(YamlSection c, UniqueNames names, GuardrailRefs refs) {
        String name = names.take(c);
        MatchConfig match = MatchBinder.match(c, refs);
        Long maxInput = c.optInteger("max_input_tokens", 1, Long.MAX_VALUE);
        Long maxOutput = c.optInteger("max_output_tokens", 1, Long.MAX_VALUE);
        if (c.raw("max_input_tokens") == null && c.raw("max_output_tokens") == null) {
            c.errors().add(c.path(), "no cap (expected: at least one of max_input_tokens, max_output_tokens)");
        }
        String routeTo = refs.model(c, "route_to");
        if (routeTo != null && c.raw("max_input_tokens") == null) {
            // route_to only says where an over-long input goes; without max_input_tokens nothing is over-long.
            c.errors().invalid(c.path("route_to"), c.raw("route_to"), "route_to only with max_input_tokens");
        }
        if (routeTo != null) {
            refs.checkSameFormat(c, "route_to", routeTo, match.models());
        }
        return name == null ? null : new CapConfig(name, match, maxInput, routeTo, maxOutput);
    }
}
