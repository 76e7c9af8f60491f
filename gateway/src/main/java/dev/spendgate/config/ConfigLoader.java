package dev.spendgate.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads {@link GatewayConfig} from YAML: parse into a tree, resolve {@code ${VAR}} / {@code ${VAR:-default}}
 * references from the given environment, map each section to its record with defaults, then run the cross-section
 * checks ({@link ConfigValidator}). Every error is collected before failing with one {@link ConfigException};
 * nothing is read from the process environment or system properties here (pass {@code System.getenv()}).
 * The schema is documented in {@code config/gateway.yaml}.
 */
public final class ConfigLoader {

    static final List<String> ROOT_KEYS = List.of(
            "server", "attribution", "metrics", "ledger", "prices", "providers", "models", "defaults", "guardrails",
            "routing", "state");

    /**
     * Floats become BigDecimal from their text, with trailing zeros kept, so prices are exact as written; a
     * duplicate key is an error rather than "last one wins".
     */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private ConfigLoader() {
    }

    /** Loads a YAML file; {@code prices.litellm_file} is resolved against the file's folder. */
    public static GatewayConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(file + ": cannot read the config file ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), env, dir == null ? Path.of("").toAbsolutePath() : dir);
    }

    /**
     * Parses YAML text; {@code sourceName} names it in errors. A relative {@code prices.litellm_file} is resolved
     * against the working directory.
     */
    public static GatewayConfig parse(String yamlText, String sourceName, Map<String, String> env) {
        return parse(yamlText, sourceName, env, Path.of("").toAbsolutePath());
    }

    /**
     * Loads a classpath resource, e.g. {@code demo.yaml}. A relative {@code prices.litellm_file} is resolved
     * against the working directory.
     */
    public static GatewayConfig loadResource(String resourceName, Map<String, String> env) {
        String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new ConfigException(resourceName, List.of(resourceName
                        + ": no such resource (expected: a YAML file on the classpath)"));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + name, env);
        } catch (IOException e) {
            throw new ConfigException(resourceName, List.of(resourceName + ": cannot read the resource ("
                    + e.getMessage() + ")"));
        }
    }

    static GatewayConfig parse(String yamlText, String sourceName, Map<String, String> env, Path baseDir) {
        JsonNode root = readTree(yamlText, sourceName);
        ConfigErrors errors = new ConfigErrors();
        new EnvResolver(env, errors).resolve(root, "");
        YamlSection top = YamlSection.of(root, "", errors, ROOT_KEYS);

        ServerConfig server = CoreBinder.server(top.section("server", CoreBinder.SERVER_KEYS));
        AttributionConfig attribution = CoreBinder.attribution(top.section("attribution", CoreBinder.ATTRIBUTION_KEYS));
        MetricsConfig metrics = CoreBinder.metrics(top.section("metrics", CoreBinder.METRICS_KEYS));
        LedgerConfig ledger = CoreBinder.ledger(top.section("ledger", CoreBinder.LEDGER_KEYS));
        YamlSection prices = top.section("prices", List.of("litellm_file"));
        LiteLlmPrices litellm = litellm(prices, baseDir);

        Map<String, @Nullable ProviderType> declared = new LinkedHashMap<>();
        Map<String, ProviderConfig> providers = ProvidersBinder.bind(top, declared);
        PriceBinder priceBinder = new PriceBinder(litellm, prices.raw("litellm_file") != null);
        Map<String, ModelConfig> models = ModelsBinder.models(top, declared, priceBinder);
        DefaultsConfig defaults = ModelsBinder.defaults(
                top.section("defaults", ModelsBinder.DEFAULTS_KEYS), declared);

        GuardrailsConfig guardrails = GuardrailsBinder.bind(top, models, declared);

        Set<String> keyNames = new HashSet<>();
        guardrails.keys().forEach(k -> keyNames.add(k.name()));
        RoutingConfig routing = RoutingBinder.bind(top, models, declared, keyNames);

        StateConfig state = StateBinder.bind(top.section("state", StateBinder.KEYS));

        GatewayConfig config = new GatewayConfig(server, attribution, metrics, ledger, providers, models, defaults,
                guardrails, routing, state);
        ConfigValidator.validate(config, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(sourceName, errors.list());
        }
        return config;
    }

    private static LiteLlmPrices litellm(YamlSection prices, Path baseDir) {
        String file = prices.optString("litellm_file", "a path to a LiteLLM model_prices_and_context_window.json");
        if (file == null) {
            return LiteLlmPrices.empty();
        }
        try {
            return LiteLlmPrices.load(baseDir.resolve(file));
        } catch (InvalidPathException e) {
            prices.errors().invalid(prices.path("litellm_file"), prices.raw("litellm_file"), "a file path");
        } catch (ConfigException e) {
            e.errors().forEach(error -> prices.errors().add(prices.path("litellm_file"), error));
        }
        return LiteLlmPrices.empty();
    }

    /** The YAML tree; syntax errors fail at once (nothing else can be checked), with line and column. */
    private static JsonNode readTree(String yamlText, String sourceName) {
        JsonNode root;
        try {
            root = YAML.readTree(yamlText);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName, List.of(sourceName + ": " + describe(e)));
        }
        if (root == null || root.isMissingNode() || root.isNull() || !root.isObject()) {
            throw new ConfigException(sourceName, List.of(sourceName
                    + ": not a YAML mapping (expected: top-level keys " + ROOT_KEYS + ")"));
        }
        return root;
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String problem = e.getOriginalMessage();
        if (e.getCause() instanceof MarkedYAMLException y) {
            problem = (y.getContext() == null ? "" : y.getContext() + ": ") + y.getProblem();
        } else if (problem.startsWith("Duplicate field")) {
            int q = problem.indexOf('\'');
            int q2 = q < 0 ? -1 : problem.indexOf('\'', q + 1);
            String key = q2 < 0 ? "" : " " + problem.substring(q, q2 + 1);
            return "duplicate key" + key + where + " (expected: each key once per mapping)";
        }
        return "YAML syntax error" + where + ": " + problem.lines().findFirst().orElse(problem).strip();
    }
}
