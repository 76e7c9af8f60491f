package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.metering.ModelPrice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Maps the {@code models} and {@code defaults} sections; both refer to providers by id. */
final class ModelsBinder {

    static final List<String> KEYS = concat(List.of("provider", "upstream_model", "price", "litellm_key"),
            ModelRoutingBinder.KEYS);
    static final List<String> DEFAULTS_KEYS = List.of("openai_provider", "anthropic_provider");

    private ModelsBinder() {
    }

    /** Every valid model, in YAML order. */
    static Map<String, ModelConfig> models(
            YamlSection root, Map<String, @Nullable ProviderType> declared, PriceBinder prices) {
        ConfigErrors errors = root.errors();
        Map<String, JsonNode> nodes = root.entries("models", "a mapping of model alias to model");
        if (nodes.isEmpty()) {
            errors.missing("models", "at least one model, e.g. models: {gpt-4o-mini: {provider: openai, "
                    + "price: {input: 0.15, cached_input: 0.075, output: 0.6}}}");
        }
        String providerExpected = "one of " + declared.keySet();
        Map<String, ModelConfig> models = new LinkedHashMap<>();
        Set<String> aliases = ModelRoutingBinder.declaredAliases(root);
        nodes.forEach((alias, node) -> {
            YamlSection m = YamlSection.of(node, "models." + alias, errors, KEYS);
            String provider = m.required("provider", providerExpected);
            if (provider != null && !declared.containsKey(provider)) {
                errors.invalid(m.path("provider"), m.raw("provider"), providerExpected);
                provider = null;
            }
            String upstream = m.string("upstream_model", alias, "the model id to send to the provider");
            // A provider with an invalid type was reported already; price the model as OpenAI meanwhile so
            // its own mistakes are still found.
            ProviderType type = provider == null ? null : declared.get(provider);
            ModelPrice price = prices.bind(m, alias, upstream, type == null ? ProviderType.OPENAI : type);
            JsonNode key = m.raw("litellm_key");
            Long litellmWindow = prices.contextWindow(
                    key != null && key.isTextual() ? key.asText() : null, alias, upstream);
            ModelRoutingBinder.Routing r = ModelRoutingBinder.bind(
                    m, alias, provider, upstream, litellmWindow, aliases, declared);
            if (provider != null && price != null) {
                models.put(alias, new ModelConfig(alias, provider, upstream, price, r.contextWindow(), r.fallbacks(),
                        r.fallbackOn(), r.contextFallback(), r.deployments()));
            }
        });
        return Collections.unmodifiableMap(models);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** The default provider per API format: as named, or else the first provider of that type. */
    static DefaultsConfig defaults(YamlSection s, Map<String, @Nullable ProviderType> declared) {
        return new DefaultsConfig(
                defaultProvider(s, "openai_provider", ProviderType.OPENAI, declared),
                defaultProvider(s, "anthropic_provider", ProviderType.ANTHROPIC, declared));
    }

    private static @Nullable String defaultProvider(
            YamlSection s, String key, ProviderType type, Map<String, @Nullable ProviderType> declared) {
        List<String> ofType = declared.entrySet().stream()
                .filter(e -> e.getValue() == type).map(Map.Entry::getKey).toList();
        String expected = "a provider of type " + type.name().toLowerCase(Locale.ROOT)
                + ", one of " + ofType;
        String named = s.optString(key, expected);
        if (named == null) {
            return ofType.isEmpty() ? null : ofType.get(0);
        }
        if (!ofType.contains(named)) {
            if (declared.containsKey(named) && declared.get(named) == null) {
                return null;
            }
            s.errors().invalid(s.path(key), s.raw(key), expected);
            return null;
        }
        return named;
    }
}
