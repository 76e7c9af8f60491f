package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps the {@code routing} section: {@code retry}, {@code rules} and {@code experiments} (schema and defaults in
 * {@code config/gateway.yaml}). A {@code match:} is the guardrails' one ({@link MatchBinder}).
 */
final class RoutingBinder {

    static final List<String> KEYS = List.of("retry", "rules", "experiments");
    static final List<String> RETRY_KEYS = List.of(
            "max_attempts", "initial_backoff", "max_backoff", "max_retry_after", "deadline");
    static final List<String> RULE_KEYS = List.of("name", "match", "route_to");
    static final List<String> EXPERIMENT_KEYS = List.of("name", "match", "sticky", "arms");
    static final List<String> ARM_KEYS = List.of("name", "model", "weight");
    static final String STICKY_EXPECTED = "one of [customer, session, none]";
    private static final String ARM_NAME_EXPECTED = "an arm name of letters, digits, '.', '_' or '-'";

    private RoutingBinder() {
    }

    /**
     * The routing; {@link RoutingConfig#defaults()} when the section is absent.
     *
     * @param keyNames the gateway key names of {@code guardrails.keys}, for {@code match.key}
     */
    static RoutingConfig bind(YamlSection root, Map<String, ModelConfig> models,
            Map<String, @Nullable ProviderType> providers, Set<String> keyNames) {
        if (root.raw("routing") == null) {
            return RoutingConfig.defaults();
        }
        YamlSection r = root.section("routing", KEYS);
        GuardrailRefs refs = new GuardrailRefs(ModelRoutingBinder.declaredAliases(root), models, providers,
                keyNames);
        RetryConfig retry = retry(r.section("retry", RETRY_KEYS));
        List<RouteRule> rules = new ArrayList<>();
        UniqueNames ruleNames = new UniqueNames(r.path("rules"));
        for (YamlSection entry : entries(r, "rules", RULE_KEYS)) {
            RouteRule rule = rule(entry, ruleNames, refs);
            if (rule != null) {
                rules.add(rule);
            }
        }
        List<ExperimentConfig> experiments = new ArrayList<>();
        UniqueNames experimentNames = new UniqueNames(r.path("experiments"));
        for (YamlSection entry : entries(r, "experiments", EXPERIMENT_KEYS)) {
            ExperimentConfig experiment = experiment(entry, experimentNames, refs);
            if (experiment != null) {
                experiments.add(experiment);
            }
        }
        return new RoutingConfig(retry, rules, experiments);
    }

    private static RetryConfig retry(YamlSection s) {
        RetryConfig d = RetryConfig.defaults();
        Duration min = Duration.ofMillis(1);
        RetryConfig retry = new RetryConfig(
                s.positiveInt("max_attempts", d.maxAttempts()),
                s.duration("initial_backoff", d.initialBackoff(), min),
                s.duration("max_backoff", d.maxBackoff(), min),
                s.duration("max_retry_after", d.maxRetryAfter(), Duration.ZERO),
                s.duration("deadline", d.deadline(), min));
        if (retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
            JsonNode raw = s.raw("max_backoff");
            String expected = "at least initial_backoff (" + retry.initialBackoff().toMillis() + "ms)";
            if (raw != null) {
                s.errors().invalid(s.path("max_backoff"), raw, expected);
            } else {
                s.errors().add(s.path("max_backoff"), "default 5000ms (expected: " + expected + ")");
            }
        }
        return retry;
    }

    private static @Nullable RouteRule rule(YamlSection entry, UniqueNames names, GuardrailRefs refs) {
        int before = entry.errors().count();
        String name = names.take(entry);
        MatchConfig match = MatchBinder.match(entry, refs);
        if (entry.raw("route_to") == null) {
            entry.errors().missing(entry.path("route_to"), GuardrailRefs.MODEL_EXPECTED);
        }
        // route_to may be of the other API format: chat and messages requests are translated; any other
        // endpoint is refused at request time with a clear error.
        String routeTo = refs.model(entry, "route_to");
        return entry.errors().count() > before || name == null || routeTo == null
                ? null : new RouteRule(name, match, routeTo);
    }

    private static @Nullable ExperimentConfig experiment(YamlSection entry, UniqueNames names, GuardrailRefs refs) {
        int before = entry.errors().count();
        String name = names.take(entry);
        MatchConfig match = MatchBinder.match(entry, refs);
        StickyBy sticky = sticky(entry);
        List<Arm> arms = new ArrayList<>();
        Set<String> armNames = new HashSet<>();
        List<YamlSection> items = entries(entry, "arms", ARM_KEYS);
        if (entry.raw("arms") == null || items.size() < 2 && entry.raw("arms").isArray()) {
            entry.errors().add(entry.path("arms"), (entry.raw("arms") == null ? "missing" : items.size() + " arm(s)")
                    + " (expected: at least 2 arms, e.g. [{name: control, model: gpt-4o, weight: 50}, "
                    + "{name: treatment, model: gpt-4o-mini, weight: 50}])");
        }
        for (YamlSection a : items) {
            String armName = a.required("name", ARM_NAME_EXPECTED);
            if (armName != null && !armName.matches(UniqueNames.PATTERN)) {
                a.errors().invalid(a.path("name"), a.raw("name"), ARM_NAME_EXPECTED);
                armName = null;
            } else if (armName != null && !armNames.add(armName)) {
                a.errors().invalid(a.path("name"), a.raw("name"), "an arm name not already used in this experiment");
                armName = null;
            }
            if (a.raw("model") == null) {
                a.errors().missing(a.path("model"), GuardrailRefs.MODEL_EXPECTED);
            }
            // Arms may mix API formats (e.g. gpt-4o against claude-sonnet-4-5): chat and messages requests
            // are translated to the arm's format.
            String model = refs.model(a, "model");
            Double weight = a.raw("weight") == null ? null : ModelRoutingBinder.weight(a, "weight");
            if (a.raw("weight") == null) {
                a.errors().missing(a.path("weight"), "a number > 0, the arm's relative share");
            }
            if (armName != null && model != null && weight != null) {
                arms.add(new Arm(armName, model, weight));
            }
        }
        return entry.errors().count() > before || name == null ? null
                : new ExperimentConfig(name, match, sticky, arms);
    }

    private static StickyBy sticky(YamlSection entry) {
        String text = entry.nonBlank("sticky", STICKY_EXPECTED);
        if (text == null) {
            return StickyBy.CUSTOMER;
        }
        for (StickyBy s : StickyBy.values()) {
            if (s.yamlName().equals(text.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        entry.errors().invalid(entry.path("sticky"), entry.raw("sticky"), STICKY_EXPECTED);
        return StickyBy.CUSTOMER;
    }

    /** The mapping items of list {@code key}; a non-mapping item is reported and skipped. */
    private static List<YamlSection> entries(YamlSection s, String key, List<String> entryKeys) {
        List<YamlSection> out = new ArrayList<>();
        List<JsonNode> items = s.items(key, "a list of mappings with keys " + entryKeys);
        for (int i = 0; i < items.size(); i++) {
            String path = YamlSection.item(s.path(key), i);
            if (!items.get(i).isObject()) {
                s.errors().invalid(path, items.get(i), "a mapping with keys " + entryKeys);
                continue;
            }
            out.add(YamlSection.of(items.get(i), path, s.errors(), entryKeys));
        }
        return out;
    }
}
