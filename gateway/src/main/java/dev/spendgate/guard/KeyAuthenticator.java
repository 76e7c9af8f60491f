package dev.spendgate.guard;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.KeyConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Gateway API keys: authenticates a request's key, narrows its attribution and checks its model allowlist.
 *
 * <p>Only SHA-256 hashes are configured. A presented key is hashed and looked up by hash, so the lookup's timing
 * depends on the hash of the presented key, never on the stored secret (SHA-256 preimage resistance); no plain key
 * is ever compared, logged or echoed. Built once per config snapshot; immutable and thread-safe.
 */
public final class KeyAuthenticator {

    private static final String BEARER = "bearer ";
    /** {@link MessageDigest} is not thread-safe; one per event-loop thread avoids a provider lookup per request. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(KeyAuthenticator::newDigest);

    private final Map<String, KeyConfig> byHash;
    private final Function<Dimension, String> headerName;

    /** Keys whose attribution headers have the default names ({@link Dimension#defaultHeader()}). */
    public KeyAuthenticator(List<KeyConfig> keys) {
        this(keys, Dimension::defaultHeader);
    }

    /**
     * Keys, with the attribution header names used in messages.
     *
     * @param headerName the header each dimension is sent in (YAML may rename them)
     */
    public KeyAuthenticator(List<KeyConfig> keys, Function<Dimension, String> headerName) {
        Map<String, KeyConfig> map = new HashMap<>();
        for (KeyConfig k : keys) {
            map.put(k.sha256().toLowerCase(Locale.ROOT), k);
        }
        this.byHash = Map.copyOf(map);
        this.headerName = headerName;
    }

    /** Whether keys are configured; when true every request needs a valid key. */
    public boolean enabled() {
        return !byHash.isEmpty();
    }

    /**
     * The key of a request, taken from {@code Authorization: Bearer <key>} (scheme case-insensitive), else
     * {@code x-api-key} (Anthropic SDKs), else {@code api-key} (Azure OpenAI SDKs). Blank values count as absent.
     *
     * @return {@link KeyResult#anonymous()} when keys are disabled
     * @throws GuardRejection 401 {@code missing_gateway_key} or {@code invalid_gateway_key}
     */
    public KeyResult authenticate(@Nullable String authorization, @Nullable String xApiKey, @Nullable String apiKey) {
        if (!enabled()) {
            return KeyResult.anonymous();
        }
        String header = "authorization";
        String presented = bearer(authorization);
        if (presented == null) {
            header = "x-api-key";
            presented = nonBlank(xApiKey);
        }
        if (presented == null) {
            header = "api-key";
            presented = nonBlank(apiKey);
        }
        if (presented == null) {
            throw new GuardRejection(401, GuardRejection.MISSING_GATEWAY_KEY, "missing gateway key: send it as "
                    + "'Authorization: Bearer <key>', 'x-api-key: <key>' or 'api-key: <key>'");
        }
        KeyConfig key = byHash.get(sha256Hex(presented));
        if (key == null) {
            throw new GuardRejection(401, GuardRejection.INVALID_GATEWAY_KEY,
                    "invalid gateway key (sent in " + header + "): it matches no configured key");
        }
        return new KeyResult(key, header);
    }

    /**
     * The attribution of a request made with {@code key}: each dimension the key fixes comes from the key; a header
     * may repeat that value but not change it (headers narrow what a key may do, never widen it). Dimensions the
     * key does not fix come from the headers.
     *
     * @throws GuardRejection 403 {@code attribution_conflict} naming the header, its value and the key's value
     */
    public Attribution narrow(KeyConfig key, Attribution fromHeaders) {
        if (key.attribution().isEmpty()) {
            return fromHeaders;
        }
        for (Map.Entry<Dimension, String> fixed : key.attribution().entrySet()) {
            String sent = fromHeaders.get(fixed.getKey());
            if (!Attribution.UNATTRIBUTED.equals(sent) && !sent.equals(fixed.getValue())) {
                throw new GuardRejection(403, GuardRejection.ATTRIBUTION_CONFLICT, "header "
                        + headerName.apply(fixed.getKey()) + ": '" + sent + "' conflicts with gateway key '"
                        + key.name() + "', which sets " + fixed.getKey().key() + " = '" + fixed.getValue()
                        + "'; drop the header or send the same value");
            }
        }
        Map<Dimension, String> kv = key.attribution();
        return new Attribution(
                kv.getOrDefault(Dimension.FEATURE, fromHeaders.feature()),
                kv.getOrDefault(Dimension.TEAM, fromHeaders.team()),
                kv.getOrDefault(Dimension.CUSTOMER, fromHeaders.customer()),
                kv.getOrDefault(Dimension.TIER, fromHeaders.tier()),
                kv.getOrDefault(Dimension.EXPERIMENT, fromHeaders.experiment()),
                kv.getOrDefault(Dimension.ENVIRONMENT, fromHeaders.environment()),
                kv.getOrDefault(Dimension.SESSION, fromHeaders.session()));
    }

    /**
     * Checks the key's model allowlist (empty = every model).
     *
     * @param model the model alias the client asked for
     * @throws GuardRejection 403 {@code model_not_allowed} listing the models the key may use
     */
    public void checkModel(KeyConfig key, String model) {
        if (!key.models().isEmpty() && !key.models().contains(model)) {
            throw new GuardRejection(403, GuardRejection.MODEL_NOT_ALLOWED, "gateway key '" + key.name()
                    + "' may not use model '" + model + "' (allowed: " + new TreeSet<>(key.models()) + ")");
        }
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code key}, as configured in {@code keys[].sha256}. */
    static String sha256Hex(String key) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static @Nullable String bearer(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return nonBlank(authorization.substring(BEARER.length()));
    }

    private static @Nullable String nonBlank(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.isEmpty() ? null : v;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "KeyAuthenticator[keys=" + new TreeSet<>(byHash.values().stream().map(KeyConfig::name).toList()) + "]";
    }
}
