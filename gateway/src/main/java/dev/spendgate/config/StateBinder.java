package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Maps the {@code state} section, with defaults ({@link StateConfig#memory()}). */
final class StateBinder {

    static final List<String> KEYS = List.of("store", "url", "key_prefix", "timeout", "lease", "on_unavailable");

    private StateBinder() {
    }

    static StateConfig bind(YamlSection s) {
        StateConfig d = StateConfig.memory();
        StateConfig.Store store = choice(s, "store", StateConfig.Store.class, d.store());
        String url = s.string("url", d.url(), "a Redis URL such as redis://127.0.0.1:6379/0");
        JsonNode rawUrl = s.raw("url");
        if (rawUrl != null && !isRedisUrl(url)) {
            s.errors().invalid(s.path("url"), rawUrl, "a Redis URL such as redis://127.0.0.1:6379/0");
        }
        Duration lease = s.raw("lease") == null ? null : s.duration("lease", Duration.ofMinutes(15),
                Duration.ofSeconds(1));
        return new StateConfig(store, url,
                s.string("key_prefix", d.keyPrefix(), "a key prefix such as spendgate:"),
                s.duration("timeout", d.timeout(), Duration.ofMillis(1)), lease,
                choice(s, "on_unavailable", StateConfig.OnUnavailable.class, d.onUnavailable()));
    }

    /** redis:// or rediss:// with a host and, if any, a numeric port (java.net.URI reads no host otherwise). */
    private static boolean isRedisUrl(String url) {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            return false;
        }
        try {
            return new URI(url).getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static <E extends Enum<E>> E choice(YamlSection s, String key, Class<E> type, E def) {
        String text = s.optString(key, names(type));
        if (text == null) {
            return def;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(text)) {
                return e;
            }
        }
        s.errors().invalid(s.path(key), s.raw(key), names(type));
        return def;
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        StringBuilder b = new StringBuilder("one of");
        for (E e : type.getEnumConstants()) {
            b.append(b.length() > "one of".length() ? ", " : " ").append(e.name().toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }
}
