package dev.spendgate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The LiteLLM price map ({@code model_prices_and_context_window.json}, BerriAI/litellm), read as exact per-1M
 * prices. The file stores USD per token as JSON floats such as {@code 2.5e-06}; they are read as BigDecimal from
 * their text (never through a double) and scaled by 10^6, so 2.5e-06 becomes exactly 2.5.
 *
 * <p>Fields used: {@code input_cost_per_token}, {@code cache_read_input_token_cost},
 * {@code cache_creation_input_token_cost} (5-minute write), {@code cache_creation_input_token_cost_above_1hr}
 * (1-hour write, despite the name) and {@code output_cost_per_token}; each of them with an
 * {@code _above_<N>k_tokens} suffix forms a long-context tier above N x 1000 input tokens. Service-tier variants
 * ({@code _priority}, {@code _flex}, {@code _batches}) are ignored. Immutable.
 */
public final class LiteLlmPrices {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    /** Base field names, in {@link PriceFields} component order. */
    private static final List<String> FIELDS = List.of(
            "input_cost_per_token",
            "cache_read_input_token_cost",
            "cache_creation_input_token_cost",
            "cache_creation_input_token_cost_above_1hr",
            "output_cost_per_token");
    private static final Pattern TIER_FIELD =
            Pattern.compile("(" + String.join("|", FIELDS) + ")_above_(\\d+)k_tokens");
    /** The map documents its own schema under this key. */
    private static final String SAMPLE_SPEC = "sample_spec";
    private static final int PER_MILLION_EXPONENT = 6;
    private static final int OUTPUT = 4;

    private static final LiteLlmPrices EMPTY = new LiteLlmPrices("(none)", Map.of());

    private final String source;
    private final Map<String, LiteLlmEntry> entries;

    private LiteLlmPrices(String source, Map<String, LiteLlmEntry> entries) {
        this.source = source;
        this.entries = entries;
    }

    /** A map with no entries (no {@code prices.litellm_file} configured). */
    public static LiteLlmPrices empty() {
        return EMPTY;
    }

    /** Reads a LiteLLM price file; throws {@link ConfigException} when it cannot be read or is not a JSON object. */
    public static LiteLlmPrices load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(file + ": cannot read the LiteLLM price file ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
        }
        return parse(text, file.toString());
    }

    /** Parses LiteLLM price JSON; {@code source} names it in errors and {@link #source()}. */
    public static LiteLlmPrices parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(source, List.of(source + ": invalid JSON" + where
                    + " (expected: a LiteLLM model_prices_and_context_window.json)"));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(source, List.of(source
                    + ": not a JSON object (expected: a LiteLLM model_prices_and_context_window.json)"));
        }
        Map<String, LiteLlmEntry> entries = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(SAMPLE_SPEC) && e.getValue().isObject()) {
                entries.put(e.getKey(), entry(e.getKey(), e.getValue()));
            }
        });
        return new LiteLlmPrices(source, Collections.unmodifiableMap(entries));
    }

    /** The entry for a model key, or null when the map has none. */
    public @Nullable LiteLlmEntry find(String key) {
        return entries.get(key);
    }

    /** All model keys, in file order. */
    public Set<String> keys() {
        return entries.keySet();
    }

    /** Number of models. */
    public int size() {
        return entries.size();
    }

    /** Where the map came from. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "LiteLlmPrices[source=" + source + ", models=" + entries.size() + "]";
    }

    private static LiteLlmEntry entry(String key, JsonNode model) {
        @Nullable BigDecimal[] base = new BigDecimal[FIELDS.size()];
        // Threshold (tokens) -> fields; sorted so that the lowest tier wins when a model lists several
        // (ModelPrice holds one tier; no model in the 2026-07 map has more than one).
        TreeMap<Long, @Nullable BigDecimal[]> tiers = new TreeMap<>();
        model.fields().forEachRemaining(f -> {
            BigDecimal perMillion = perMillion(f.getValue());
            if (perMillion == null) {
                return;
            }
            int baseIndex = FIELDS.indexOf(f.getKey());
            if (baseIndex >= 0) {
                base[baseIndex] = perMillion;
                return;
            }
            Matcher m = TIER_FIELD.matcher(f.getKey());
            if (m.matches()) {
                long above = Long.parseLong(m.group(2)) * 1000L;
                tiers.computeIfAbsent(above, k -> new BigDecimal[FIELDS.size()])[FIELDS.indexOf(m.group(1))] =
                        perMillion;
            }
        });
        LiteLlmEntry.Tier tier = null;
        if (!tiers.isEmpty()) {
            BigDecimal[] t = tiers.firstEntry().getValue();
            t[0] = t[0] != null ? t[0] : base[0];
            t[OUTPUT] = t[OUTPUT] != null ? t[OUTPUT] : base[OUTPUT];
            tier = new LiteLlmEntry.Tier(tiers.firstKey(), fields(t));
        }
        return new LiteLlmEntry(key, text(model, "litellm_provider"), text(model, "mode"), fields(base), tier,
                positive(model.get("max_input_tokens")));
    }

    /** A positive whole number of tokens, or null. */
    private static @Nullable Long positive(@Nullable JsonNode value) {
        if (value == null || !value.isNumber() || !value.canConvertToLong()) {
            return null;
        }
        long n = value.longValue();
        return n > 0 && value.decimalValue().signum() > 0 && value.decimalValue().stripTrailingZeros().scale() <= 0
                ? n : null;
    }

    private static PriceFields fields(@Nullable BigDecimal[] v) {
        return new PriceFields(v[0], v[1], v[2], v[3], v[OUTPUT]);
    }

    /** USD per token to USD per 1M tokens, exactly; null for anything but a non-negative number. */
    private static @Nullable BigDecimal perMillion(JsonNode value) {
        if (!value.isNumber()) {
            return null;
        }
        BigDecimal perToken = value.decimalValue();
        return perToken.signum() < 0 ? null : perToken.movePointRight(PER_MILLION_EXPONENT);
    }

    private static @Nullable String text(JsonNode model, String field) {
        JsonNode v = model.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
