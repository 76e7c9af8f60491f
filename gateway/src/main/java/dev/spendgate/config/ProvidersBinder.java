package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Maps the {@code providers} section. */
final class ProvidersBinder {

    static final List<String> KEYS = List.of(
            "type", "base_url", "api_key", "auth_header", "headers", "max_connections", "timeouts",
            "circuit_breaker");
    static final List<String> CIRCUIT_BREAKER_KEYS = List.of("failure_threshold", "open_for");
    static final List<String> TIMEOUT_KEYS = List.of("connect", "first_byte", "idle", "total");
    /** The credential headers the gateway can fill: OpenAI, Anthropic, Azure OpenAI. */
    static final List<String> AUTH_HEADERS = List.of("authorization", "x-api-key", "api-key");
    static final String PASSTHROUGH = "passthrough";
    /** Anthropic requires {@code anthropic-version} on every request (docs "Versions"). */
    static final String ANTHROPIC_VERSION_HEADER = "anthropic-version";
    static final String ANTHROPIC_VERSION = "2023-06-01";
    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";
    private static final String URL_EXPECTED = "an http(s) URL";

    private ProvidersBinder() {
    }

    /**
     * Every well-formed provider, in YAML order. {@code declared} receives every provider id written in YAML,
     * mapped to its type, or to null when the type is invalid, so later sections can tell "no such provider"
     * from "a provider with errors".
     */
    static Map<String, ProviderConfig> bind(YamlSection root, Map<String, @Nullable ProviderType> declared) {
        ConfigErrors errors = root.errors();
        Map<String, JsonNode> nodes = root.entries("providers", "a mapping of provider id to provider");
        if (nodes.isEmpty()) {
            errors.missing("providers", "at least one provider, e.g. providers: {openai: {type: openai, "
                    + "base_url: https://api.openai.com/v1, api_key: ${OPENAI_API_KEY}}}");
        }
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        nodes.forEach((id, node) -> {
            YamlSection p = YamlSection.of(node, "providers." + id, errors, KEYS);
            if (!id.matches(ID_PATTERN)) {
                errors.add(p.path(), "invalid provider id (expected: letters, digits, '.', '_' or '-')");
            }
            ProviderType type = type(p);
            declared.put(id, type);
            ProviderConfig config = provider(id, type, p);
            if (config != null) {
                providers.put(id, config);
            }
        });
        return Collections.unmodifiableMap(providers);
    }

    private static @Nullable ProviderType type(YamlSection p) {
        String text = p.required("type", "one of [openai, anthropic]");
        if (text == null) {
            return null;
        }
        for (ProviderType t : ProviderType.values()) {
            if (t.name().equalsIgnoreCase(text)) {
                return t;
            }
        }
        p.errors().invalid(p.path("type"), p.raw("type"), "one of [openai, anthropic]");
        return null;
    }

    private static @Nullable ProviderConfig provider(String id, @Nullable ProviderType type, YamlSection p) {
        URI baseUrl = baseUrl(p);
        Credentials credentials = credentials(p, type);
        Map<String, String> headers = headers(p, type, credentials);
        int maxConnections = p.positiveInt("max_connections", 500);
        YamlSection t = p.section("timeouts", TIMEOUT_KEYS);
        Duration min = Duration.ofMillis(1);
        TimeoutsConfig timeouts = new TimeoutsConfig(
                t.duration("connect", Duration.ofSeconds(5), min),
                t.duration("first_byte", Duration.ofSeconds(120), min),
                t.duration("idle", Duration.ofSeconds(60), min),
                t.duration("total", Duration.ofMinutes(10), min));
        YamlSection cb = p.section("circuit_breaker", CIRCUIT_BREAKER_KEYS);
        CircuitBreakerConfig defaults = CircuitBreakerConfig.defaults();
        CircuitBreakerConfig breaker = new CircuitBreakerConfig(
                cb.positiveInt("failure_threshold", defaults.failureThreshold()),
                cb.duration("open_for", defaults.openFor(), min));
        if (type == ProviderType.ANTHROPIC && baseUrl != null && baseUrl.getPath().endsWith("/v1")) {
            // The Anthropic SDKs take the host root and append /v1/messages; a /v1 here would double it.
            p.errors().invalid(p.path("base_url"), p.raw("base_url"),
                    "for anthropic, the URL without /v1, e.g. https://api.anthropic.com");
            baseUrl = null;
        }
        if (type == null || baseUrl == null || credentials == null) {
            return null;
        }
        return new ProviderConfig(id, type, baseUrl, credentials, timeouts, maxConnections, headers, breaker);
    }

    /** An absolute http(s) URL with a host, no credentials, query or fragment; trailing slashes removed. */
    private static @Nullable URI baseUrl(YamlSection p) {
        String text = p.required("base_url", URL_EXPECTED);
        if (text == null) {
            return null;
        }
        String trimmed = text.strip().replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        p.errors().invalid(p.path("base_url"), p.raw("base_url"),
                URL_EXPECTED + " with a host and no user info, query or fragment, e.g. https://api.openai.com/v1");
        return null;
    }

    private static @Nullable Credentials credentials(YamlSection p, @Nullable ProviderType type) {
        String expected = "an API key reference such as ${OPENAI_API_KEY}, or " + PASSTHROUGH
                + " to forward the caller's own key";
        String key = p.required("api_key", expected);
        String defaultHeader = type == ProviderType.ANTHROPIC ? "x-api-key" : "authorization";
        String header = p.string("auth_header", defaultHeader, "one of " + AUTH_HEADERS).toLowerCase(Locale.ROOT);
        if (!AUTH_HEADERS.contains(header)) {
            p.errors().invalid(p.path("auth_header"), p.raw("auth_header"), "one of " + AUTH_HEADERS);
        }
        if (key == null) {
            return null;
        }
        // Secrets mounted from files often end in a newline; a key is one token, so surrounding whitespace goes.
        key = key.strip();
        if (!key.equals(PASSTHROUGH) && (key.isEmpty() || !HttpTokens.isValue(key) || key.contains(" "))) {
            p.errors().add(p.path("api_key"), "<hidden> (expected: a single-line key without spaces or control"
                    + " characters; check the secret for stray characters)");
            return null;
        }
        return key.equals(PASSTHROUGH) ? new Credentials.Passthrough() : new Credentials.ApiKey(header, key);
    }

    private static Map<String, String> headers(
            YamlSection p, @Nullable ProviderType type, @Nullable Credentials credentials) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        String credentialHeader = credentials instanceof Credentials.ApiKey k ? k.header() : null;
        p.entries("headers", "a mapping of header name to value").forEach((name, value) -> {
            String path = p.path("headers") + "." + name;
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HttpTokens.isToken(name)) {
                p.errors().add(path, "invalid header name (expected: " + HttpTokens.NAME_EXPECTED + ")");
            } else if (seen.containsKey(lower)) {
                p.errors().add(path, "duplicate header (expected: each header once; header names ignore case, "
                        + "'" + seen.get(lower) + "' is already set)");
            } else if (HttpTokens.isFraming(lower) || lower.equals(credentialHeader)) {
                p.errors().add(path, "set by the gateway (expected: a header other than " + HttpTokens.FRAMING_HEADERS
                        + " and the credential header; use api_key for credentials)");
            } else if (!(value.isTextual() || value.isNumber()) || !HttpTokens.isValue(value.asText())) {
                p.errors().invalid(path, value, "a single-line header value");
            } else {
                headers.put(name, value.asText());
            }
            seen.putIfAbsent(lower, name);
        });
        // No anthropic-version default here: the gateway adds 2023-06-01 upstream only when the caller sent none,
        // so a caller's newer version is kept (an explicit value here overrides the caller's).
        return Collections.unmodifiableMap(headers);
    }
}
