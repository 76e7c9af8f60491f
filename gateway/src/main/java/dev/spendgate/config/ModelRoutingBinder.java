package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import dev.spendgate.route.FailureKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps a model's routing keys: {@code context_window}, {@code fallbacks}, {@code fallback_on},
 * {@code context_fallback} and {@code deployments}. References are checked against every alias written under
 * {@code models:} (so a broken model is reported once, at its own entry). A fallback may be of the other API
 * format: chat and messages requests are translated to it, other endpoints skip it at request time.
 */
final class ModelRoutingBinder {

    /** The largest weight: any real split is expressible, and a sum of weights never overflows. */
    static final double MAX_WEIGHT = 1_000_000;

    static final List<String> KEYS = List.of(
            "context_window", "fallbacks", "fallback_on", "context_fallback", "deployments");
    static final List<String> DEPLOYMENT_KEYS = List.of("provider", "upstream_model", "weight");
    static final String FALLBACK_ON_EXPECTED = "one of " + FailureKind.TRANSIENT.stream()
            .map(FailureKind::yamlName).toList();
    private static final String WEIGHT_EXPECTED = "a number > 0 and at most 1000000";

    /** The bound routing keys of one model. */
    record Routing(@Nullable Long contextWindow, List<String> fallbacks, Set<FailureKind> fallbackOn,
            @Nullable String contextFallback, List<Deployment> deployments) {
    }

    private ModelRoutingBinder() {
    }

    static Routing bind(YamlSection m, String alias, @Nullable String provider, String upstream,
            @Nullable Long litellmWindow, Set<String> aliases, Map<String, @Nullable ProviderType> providers) {
        Long window = m.optInteger("context_window", 1, Long.MAX_VALUE);
        String modelExpected = "a model alias defined under models, other than '" + alias + "'";
        List<String> fallbacks = new ArrayList<>();
        int i = 0;
        for (JsonNode item : m.items("fallbacks", "a list of model aliases, e.g. [gpt-4o-mini]")) {
            String path = YamlSection.item(m.path("fallbacks"), i++);
            if (!item.isTextual() || !aliases.contains(item.asText()) || item.asText().equals(alias)) {
                m.errors().invalid(path, item, modelExpected);
            } else if (fallbacks.contains(item.asText())) {
                m.errors().invalid(path, item, "each model once");
            } else {
                fallbacks.add(item.asText());
            }
        }
        String contextFallback = m.nonBlank("context_fallback", modelExpected);
        if (contextFallback != null && (!aliases.contains(contextFallback) || contextFallback.equals(alias))) {
            m.errors().invalid(m.path("context_fallback"), m.raw("context_fallback"), modelExpected);
            contextFallback = null;
        }
        return new Routing(window != null ? window : litellmWindow, List.copyOf(fallbacks), fallbackOn(m),
                contextFallback, deployments(m, provider, upstream, providers));
    }

    private static Set<FailureKind> fallbackOn(YamlSection m) {
        if (m.raw("fallback_on") == null) {
            return FailureKind.TRANSIENT;
        }
        Set<FailureKind> kinds = EnumSet.noneOf(FailureKind.class);
        int i = 0;
        for (JsonNode item : m.items("fallback_on", "a list of failure kinds, " + FALLBACK_ON_EXPECTED)) {
            String path = YamlSection.item(m.path("fallback_on"), i++);
            FailureKind kind = item.isTextual() ? FailureKind.fromYaml(item.asText()) : null;
            if (kind == FailureKind.CONTEXT_LENGTH) {
                m.errors().invalid(path, item, FALLBACK_ON_EXPECTED + "; context length is handled by "
                        + "context_fallback");
            } else if (kind == null) {
                m.errors().invalid(path, item, FALLBACK_ON_EXPECTED);
            } else if (!kinds.add(kind)) {
                m.errors().invalid(path, item, "each failure kind once");
            }
        }
        return kinds;
    }

    private static List<Deployment> deployments(YamlSection m, @Nullable String provider, String upstream,
            Map<String, @Nullable ProviderType> providers) {
        JsonNode raw = m.raw("deployments");
        if (raw != null && raw.isArray() && raw.isEmpty()) {
            m.errors().invalid(m.path("deployments"), raw, "at least one deployment (leave deployments out for "
                    + "the model's own provider)");
        }
        ProviderType type = provider == null ? null : providers.get(provider);
        List<String> sameType = providers.entrySet().stream()
                .filter(e -> type != null && e.getValue() == type).map(Map.Entry::getKey).toList();
        String providerExpected = type == null ? "one of " + providers.keySet()
                : "a provider of the model's type " + type.name().toLowerCase(Locale.ROOT) + ", one of "
                        + sameType;
        List<Deployment> out = new ArrayList<>();
        List<JsonNode> items = m.items("deployments", "a list of {provider: ..., upstream_model: ..., weight: ...}");
        for (int i = 0; i < items.size(); i++) {
            String path = YamlSection.item(m.path("deployments"), i);
            if (!items.get(i).isObject()) {
                m.errors().invalid(path, items.get(i), "a mapping with keys " + DEPLOYMENT_KEYS);
                continue;
            }
            YamlSection d = YamlSection.of(items.get(i), path, m.errors(), DEPLOYMENT_KEYS);
            String p = d.required("provider", providerExpected);
            if (p != null && (!providers.containsKey(p) || type != null && providers.get(p) != type)) {
                d.errors().invalid(d.path("provider"), d.raw("provider"), providerExpected);
                p = null;
            }
            String model = d.string("upstream_model", upstream, "the model id to send to the provider");
            Double weight = weight(d, "weight");
            if (p != null && weight != null) {
                out.add(new Deployment(p, model, weight));
            }
        }
        return List.copyOf(out);
    }

    /** A weight > 0 (integer or decimal), 1 when absent; null when invalid (reported). */
    static @Nullable Double weight(YamlSection s, String key) {
        if (s.raw(key) == null) {
            return 1.0;
        }
        BigDecimal w = s.decimal(key, WEIGHT_EXPECTED);
        if (w == null) {
            return null;
        }
        double value = w.doubleValue();
        // Bounded so that the weights of a model's deployments (or an experiment's arms) add up to a finite sum.
        if (!(value > 0) || value > MAX_WEIGHT) {
            s.errors().invalid(s.path(key), s.raw(key), WEIGHT_EXPECTED);
            return null;
        }
        return value;
    }

    static Set<String> declaredAliases(YamlSection root) {
        Set<String> aliases = new LinkedHashSet<>();
        JsonNode models = root.raw("models");
        if (models != null && models.isObject()) {
            models.fieldNames().forEachRemaining(aliases::add);
        }
        return aliases;
    }
}
