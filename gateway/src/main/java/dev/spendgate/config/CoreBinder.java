package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.attribution.Dimension;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Maps the {@code server}, {@code attribution}, {@code metrics} and {@code ledger} sections, with defaults. */
final class CoreBinder {

    static final List<String> SERVER_KEYS = List.of(
            "host", "port", "admin_port", "max_body_bytes", "max_response_bytes", "shutdown_grace",
            "request_read_timeout");
    static final List<String> ATTRIBUTION_KEYS = List.of("headers", "max_length");
    static final List<String> METRICS_KEYS = List.of("max_label_values", "session_cache_size", "session_ttl");
    static final List<String> LEDGER_KEYS = List.of("enabled", "dir", "queue_capacity");

    private static final int MAX_PORT = 65_535;

    private CoreBinder() {
    }

    static ServerConfig server(YamlSection s) {
        return new ServerConfig(
                s.string("host", "0.0.0.0", "a bind address such as 0.0.0.0 or 127.0.0.1"),
                (int) s.integer("port", 8080, 0, MAX_PORT),
                (int) s.integer("admin_port", 9090, 0, MAX_PORT),
                s.size("max_body_bytes", 10_000_000L),
                s.size("max_response_bytes", 64_000_000L),
                s.duration("shutdown_grace", Duration.ofSeconds(30), Duration.ZERO),
                s.duration("request_read_timeout", Duration.ofSeconds(30), Duration.ofMillis(1)));
    }

    static AttributionConfig attribution(YamlSection s) {
        List<String> dimensionKeys = new ArrayList<>();
        for (Dimension d : Dimension.values()) {
            dimensionKeys.add(d.key());
        }
        YamlSection headers = s.section("headers", dimensionKeys);
        Map<Dimension, String> names = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            String name = headers.string(d.key(), d.defaultHeader(), "an HTTP header name");
            JsonNode raw = headers.raw(d.key());
            String reserved = raw == null ? null : reserved(name);
            if (raw != null && !HttpTokens.isToken(name)) {
                headers.errors().invalid(headers.path(d.key()), raw, HttpTokens.NAME_EXPECTED);
                name = d.defaultHeader();
            } else if (raw != null && reserved != null) {
                // Attribution headers are stripped before the provider and their values stored in the ledger:
                // a credential would be recorded (and, for passthrough providers, never forwarded), a framing
                // header would break the request.
                headers.errors().invalid(headers.path(d.key()), raw, "a header other than the " + reserved
                        + "; attribution values are stored in the ledger and not forwarded, so use a dedicated"
                        + " header such as " + d.defaultHeader());
                name = d.defaultHeader();
            }
            names.put(d, name);
        }
        return new AttributionConfig(Collections.unmodifiableMap(names), s.positiveInt("max_length", 128));
    }

    /** Which reserved set {@code name} belongs to, for the error, or null when the name is free to use. */
    private static @Nullable String reserved(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (HttpTokens.isCredential(lower)) {
            return "credential headers " + HttpTokens.CREDENTIAL_HEADERS;
        }
        return HttpTokens.isFraming(lower) ? "framing and hop-by-hop headers " + HttpTokens.FRAMING_HEADERS : null;
    }

    static MetricsConfig metrics(YamlSection s) {
        return new MetricsConfig(
                s.positiveInt("max_label_values", 200),
                s.positiveInt("session_cache_size", 100_000),
                s.duration("session_ttl", Duration.ofHours(24), Duration.ofMillis(1)));
    }

    static LedgerConfig ledger(YamlSection s) {
        String dirText = s.string("dir", "./data/ledger", "a directory path");
        Path dir = Path.of("./data/ledger");
        try {
            dir = Path.of(dirText);
        } catch (InvalidPathException e) {
            s.errors().add(s.path("dir"), "'" + dirText + "' (expected: a directory path; " + e.getReason() + ")");
        }
        return new LedgerConfig(s.bool("enabled", true), dir, s.positiveInt("queue_capacity", 65_536));
    }
}
