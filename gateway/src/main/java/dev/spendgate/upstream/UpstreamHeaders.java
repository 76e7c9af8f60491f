package dev.spendgate.upstream;

import dev.spendgate.config.Credentials;
import dev.spendgate.config.ProviderConfig;
import dev.spendgate.config.ProviderType;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which headers cross the gateway, in each direction.
 * <ul>
 *   <li>Hop-by-hop headers (RFC 9110 section 7.6.1: Connection and the fields it names, Keep-Alive,
 *       Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade) never cross.</li>
 *   <li>Attribution headers never reach a provider: customer ids stay in the ledger.</li>
 *   <li>When the gateway holds the provider key, the caller's own credentials are removed and the key is set.</li>
 *   <li>{@code Accept-Encoding} is dropped upstream so usage can be read from plain bytes; {@code Host} and
 *       {@code Content-Length} are set by the client for the new body.</li>
 * </ul>
 */
public final class UpstreamHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade");
    private static final Set<String> CREDENTIALS = Set.of("authorization", "x-api-key", "api-key");
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "accept-encoding",
            "expect");
    private static final Set<String> NOT_RETURNED = Set.of("content-length", "content-encoding", "date", "server");

    private UpstreamHeaders() {
    }

    /**
     * Copies client request headers to the upstream request.
     *
     * @param strippedLower lower-cased names of attribution headers (removed)
     * @param gatewayKeyHeaders lower-case names of headers that carried the caller's gateway key (removed even
     *                          for passthrough providers)
     */
    public static void copyRequest(HttpHeaders client, HttpHeaders upstream, ProviderConfig provider,
            Set<String> strippedLower, Set<String> gatewayKeyHeaders) {
        Set<String> connectionTokens = connectionTokens(client);
        boolean passthrough = provider.credentials() instanceof Credentials.Passthrough;
        Set<String> copied = new java.util.HashSet<>();
        for (Map.Entry<String, String> h : client) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || connectionTokens.contains(name) || NOT_FORWARDED.contains(name)
                    || strippedLower.contains(name) || (!passthrough && CREDENTIALS.contains(name))
                    || gatewayKeyHeaders.contains(name)) {
                continue;
            }
            // The first value replaces the HTTP client's default (User-Agent, Accept), later ones are added.
            if (copied.add(name)) {
                upstream.set(h.getKey(), h.getValue());
            } else {
                upstream.add(h.getKey(), h.getValue());
            }
        }
        for (Map.Entry<String, String> h : provider.headers().entrySet()) {
            upstream.set(h.getKey(), h.getValue());
        }
        if (provider.type() == ProviderType.ANTHROPIC && !upstream.contains("anthropic-version")) {
            upstream.set("anthropic-version", "2023-06-01");
        }
        if (provider.credentials() instanceof Credentials.ApiKey key) {
            String value = key.header().equalsIgnoreCase("authorization") ? "Bearer " + key.key() : key.key();
            upstream.set(key.header(), value);
        }
        upstream.set(HttpHeaderNames.ACCEPT_ENCODING, "identity");
    }

    /** Copies upstream response headers that may reach the client. */
    public static void copyResponse(HttpHeaders upstream, HttpHeaders client) {
        Set<String> connectionTokens = connectionTokens(upstream);
        for (Map.Entry<String, String> h : upstream) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || connectionTokens.contains(name) || NOT_RETURNED.contains(name)) {
                continue;
            }
            client.add(h.getKey(), h.getValue());
        }
    }

    private static Set<String> connectionTokens(HttpHeaders headers) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection == null || connection.isEmpty()) {
            return Set.of();
        }
        java.util.HashSet<String> tokens = new java.util.HashSet<>();
        for (String t : connection.split(",")) {
            tokens.add(t.strip().toLowerCase(Locale.ROOT));
        }
        return tokens;
    }
    /**
     * The credential headers that carry the same secret as {@code authenticatedBy} (the header the gateway key was
     * read from): clients may send the key twice, e.g. as Bearer and as x-api-key, and none may reach a provider,
     * passthrough providers included.
     */
    public static Set<String> carrying(HttpHeaders headers, @Nullable String authenticatedBy) {
        if (authenticatedBy == null) {
            return Set.of();
        }
        String key = credential(headers, authenticatedBy);
        Set<String> names = new java.util.HashSet<>();
        for (String name : new String[] {"authorization", "x-api-key", "api-key"}) {
            if (key != null && key.equals(credential(headers, name))) {
                names.add(name);
            }
        }
        return names;
    }

    private static @Nullable String credential(HttpHeaders headers, String name) {
        String v = headers.get(name);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return name.equals("authorization") && v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).strip()
                : v;
    }

}
