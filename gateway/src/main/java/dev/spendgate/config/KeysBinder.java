package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.attribution.Dimension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps one entry of {@code guardrails.keys}. Only the key's SHA-256 is configured, as 64 lower-case hex digits
 * ({@code printf %s "$KEY" | sha256sum}); its value is never shown in errors ({@link ConfigErrors#isSecretPath}),
 * since the likeliest mistake is pasting the plain key there.
 */
final class KeysBinder {

    static final List<String> KEYS = List.of("name", "sha256", "attribution", "models", "require");

    private static final String SHA256 = "[0-9a-f]{64}";
    private static final String SHA256_EXPECTED = "the key's SHA-256 as 64 lower-case hex digits "
            + "(printf %s \"$KEY\" | sha256sum), not the key itself";

    /** Hash to the path of the key that has it: one hash under two names would make the key's name ambiguous. */
    private final Map<String, String> hashes = new HashMap<>();

    /** The key, or null when its name or hash is missing or invalid (reported). */
    @Nullable KeyConfig bind(YamlSection k, UniqueNames names, GuardrailRefs refs) {
        String name = names.take(k);
        String sha256 = sha256(k);
        Map<Dimension, String> attribution = MatchBinder.attributes(
                k.section("attribution", MatchBinder.DIMENSIONS));
        Set<String> models = refs.models(k, "models");
        List<Dimension> require = MatchBinder.dimensions(k, "require");
        return name == null || sha256 == null ? null : new KeyConfig(name, sha256, attribution, models, require);
    }

    private @Nullable String sha256(YamlSection k) {
        String hash = k.required("sha256", SHA256_EXPECTED);
        JsonNode raw = k.raw("sha256");
        if (hash == null || raw == null) {
            return null;
        }
        if (!hash.matches(SHA256)) {
            k.errors().invalid(k.path("sha256"), raw, SHA256_EXPECTED);
            return null;
        }
        String first = hashes.putIfAbsent(hash, k.path());
        if (first != null) {
            k.errors().add(k.path("sha256"), "the same hash as " + first + " (expected: one entry per key)");
            return null;
        }
        return hash;
    }
}
