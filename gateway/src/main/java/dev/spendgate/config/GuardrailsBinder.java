package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.attribution.Dimension;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps the {@code guardrails} section: budgets, rate limits, per-request caps, gateway API keys and required
 * attribution (schema and defaults in {@code config/gateway.yaml} and the Guardrails section of README.md). Each list
 * entry is
 * bound by its own binder; this class binds the scalars, walks the lists and checks references between them.
 * Keys are bound first because {@code match.key} of budgets, limits and caps refers to them by name.
 */
final class GuardrailsBinder {

    static final List<String> KEYS = List.of(
            "time_zone", "default_output_cap", "require", "budgets", "rate_limits", "caps", "keys");

    private static final String ZONE_EXPECTED = "an IANA time zone such as UTC or Europe/Berlin";
    private static final long DEFAULT_OUTPUT_CAP = GuardrailsConfig.none().defaultOutputCap();

    /** Binds one list entry (already checked to be a mapping); null when it has errors. */
    @FunctionalInterface
    private interface EntryBinder<T> {
        @Nullable T bind(YamlSection entry, UniqueNames names);
    }

    private GuardrailsBinder() {
    }

    /**
     * The guardrails; {@link GuardrailsConfig#none()} when the section is absent.
     *
     * @param models    the valid models (for the API format of downgrade and route_to targets)
     * @param providers every provider id written in YAML, to its type (null when the type is invalid)
     */
    static GuardrailsConfig bind(YamlSection root, Map<String, ModelConfig> models,
            Map<String, @Nullable ProviderType> providers) {
        if (root.raw("guardrails") == null) {
            return GuardrailsConfig.none();
        }
        YamlSection g = root.section("guardrails", KEYS);
        ZoneId zone = zone(g);
        long outputCap = g.integer("default_output_cap", DEFAULT_OUTPUT_CAP, 1, Integer.MAX_VALUE);
        List<Dimension> require = MatchBinder.dimensions(g, "require");

        GuardrailRefs modelRefs = new GuardrailRefs(declaredModels(root), models, providers, Set.of());
        UniqueNames keyNames = new UniqueNames(g.path("keys"));
        KeysBinder keysBinder = new KeysBinder();
        List<KeyConfig> keys = list(g, "keys", KeysBinder.KEYS, keyNames,
                (k, names) -> keysBinder.bind(k, names, modelRefs));
        GuardrailRefs refs = modelRefs.withKeys(keyNames.names());
        List<BudgetConfig> budgets = list(g, "budgets", BudgetBinder.KEYS, new UniqueNames(g.path("budgets")),
                (b, names) -> BudgetBinder.bind(b, names, refs));
        List<RateLimitConfig> rateLimits = list(g, "rate_limits", RateLimitBinder.KEYS,
                new UniqueNames(g.path("rate_limits")), (r, names) -> RateLimitBinder.bind(r, names, refs));
        List<CapConfig> caps = list(g, "caps", CapBinder.KEYS, new UniqueNames(g.path("caps")),
                (c, names) -> CapBinder.bind(c, names, refs));
        return new GuardrailsConfig(zone, outputCap, require, budgets, rateLimits, caps, keys);
    }

    private static ZoneId zone(YamlSection g) {
        String text = g.string("time_zone", "UTC", ZONE_EXPECTED);
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            g.errors().invalid(g.path("time_zone"), g.raw("time_zone"), ZONE_EXPECTED);
            return ZoneId.of("UTC");
        }
    }

    /** The entries of list {@code key} that bound without errors, in YAML order; every entry is checked. */
    private static <T> List<T> list(YamlSection g, String key, List<String> entryKeys, UniqueNames names,
            EntryBinder<T> binder) {
        List<T> out = new ArrayList<>();
        List<JsonNode> items = g.items(key, "a list of entries, each starting with '- name: ...'");
        for (int i = 0; i < items.size(); i++) {
            String path = YamlSection.item(g.path(key), i);
            if (!items.get(i).isObject()) {
                g.errors().invalid(path, items.get(i), "a mapping with keys " + entryKeys);
                continue;
            }
            T entry = binder.bind(YamlSection.of(items.get(i), path, g.errors(), entryKeys), names);
            if (entry != null) {
                out.add(entry);
            }
        }
        return List.copyOf(out);
    }

    /** Every alias written under {@code models:}, valid or not, so a broken model is reported only once. */
    private static Set<String> declaredModels(YamlSection root) {
        Set<String> aliases = new LinkedHashSet<>();
        JsonNode models = root.raw("models");
        if (models != null && models.isObject()) {
            models.fieldNames().forEachRemaining(aliases::add);
        }
        return aliases;
    }
}
