package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.api.ApiFormat;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What guardrail entries may refer to: the model aliases of {@code models:} (with the API format each speaks) and
 * the gateway key names of {@code guardrails.keys}. A name written in YAML whose own entry has errors counts as
 * existing, so that one typo is reported once, at its place, and not again at every reference.
 */
final class GuardrailRefs {

    static final String MODEL_EXPECTED = "a model alias defined under models";
    static final String MODELS_EXPECTED = "a list of model aliases defined under models, e.g. [gpt-4o-mini]";

    private final Set<String> declaredModels;
    private final Map<String, ModelConfig> models;
    private final Map<String, @Nullable ProviderType> providers;
    private final Set<String> keyNames;

    GuardrailRefs(Set<String> declaredModels, Map<String, ModelConfig> models,
            Map<String, @Nullable ProviderType> providers, Set<String> keyNames) {
        this.declaredModels = Set.copyOf(declaredModels);
        this.models = models;
        this.providers = providers;
        this.keyNames = Set.copyOf(keyNames);
    }

    /** The same references, with the key names written under {@code guardrails.keys}. */
    GuardrailRefs withKeys(Set<String> names) {
        return new GuardrailRefs(declaredModels, models, providers, names);
    }

    boolean isKey(String name) {
        return keyNames.contains(name);
    }

    /** An optional model alias at {@code key}; null when absent or unknown (unknown is reported). */
    @Nullable String model(YamlSection s, String key) {
        String alias = s.nonBlank(key, MODEL_EXPECTED);
        if (alias != null && !declaredModels.contains(alias)) {
            s.errors().invalid(s.path(key), s.raw(key), MODEL_EXPECTED);
            return null;
        }
        return alias;
    }

    /** An optional non-empty list of model aliases at {@code key}; every unknown alias is reported. */
    Set<String> models(YamlSection s, String key) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode raw = s.raw(key);
        if (raw != null && raw.isArray() && raw.isEmpty()) {
            s.errors().invalid(s.path(key), raw, "at least one model alias (leave models out for any model)");
        }
        int i = 0;
        for (JsonNode item : s.items(key, MODELS_EXPECTED)) {
            String path = YamlSection.item(s.path(key), i++);
            if (!item.isTextual() || !declaredModels.contains(item.asText())) {
                s.errors().invalid(path, item, MODEL_EXPECTED);
            } else if (!out.add(item.asText())) {
                s.errors().invalid(path, item, "each model once");
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** The API format the model's provider speaks, or null when the model or its provider has errors. */
    @Nullable ApiFormat format(String alias) {
        ModelConfig model = models.get(alias);
        ProviderType type = model == null ? null : providers.get(model.provider());
        return type == null ? null : type.format();
    }

    /**
     * Reports a replacement model ({@code to}, {@code route_to}) whose API format differs from a model the entry
     * matches: the client's request body is in that format, and the gateway only rewrites {@code model}.
     * With no matched models there is nothing to compare; the guard must then check the format per request.
     */
    void checkSameFormat(YamlSection s, String key, String replacement, Set<String> matched) {
        ApiFormat target = format(replacement);
        Set<ApiFormat> formats = EnumSet.noneOf(ApiFormat.class);
        for (String m : matched) {
            ApiFormat f = format(m);
            if (f != null) {
                formats.add(f);
            }
        }
        if (target == null || formats.isEmpty() || formats.equals(EnumSet.of(target))) {
            return;
        }
        String expected = formats.size() > 1
                ? "a replacement only when match.models all speak one API format; they mix " + names(formats)
                : "a model of the same API format as match.models (" + names(formats) + "), not "
                        + names(EnumSet.of(target));
        s.errors().invalid(s.path(key), s.raw(key), expected);
    }

    private static String names(Set<ApiFormat> formats) {
        return formats.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" and "));
    }
}
