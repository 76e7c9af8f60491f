package dev.spendgate.upstream;

import dev.spendgate.config.Credentials;
import dev.spendgate.config.ProviderConfig;
import dev.spendgate.config.ProviderType;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
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
 *   <li>{@code X-LLM-*} response headers from a provider never reach the client: that namespace is the gateway's
 *       (request id, cost, provider, model, fallback, budget warnings), and a provider must not be able to forge
 *       or duplicate them, e.g. an {@code X-LLM-Cost-USD: 0} on a stream.</li>
 * </ul>
 */
public final class UpstreamHeaders {

    private static final HeaderNames HOP_BY_HOP = HeaderNames.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade");
    private static final HeaderNames CREDENTIALS = HeaderNames.of("authorization", "x-api-key", "api-key");
    private static final HeaderNames NOT_FORWARDED = HeaderNames.of("host", "content-length", "accept-encoding",
            "expect");
    private static final HeaderNames NOT_RETURNED = HeaderNames.of("content-length", "content-encoding", "date",
            "server");
    /** The prefix of the gateway's own response headers ({@code X-LLM-Request-Id}...), matched without case. */
    private static final String GATEWAY_PREFIX = "x-llm-";

    private UpstreamHeaders() {
    }

    /**
     * Copies client request headers to the (empty) upstream request headers. Names are matched without case and
     * without allocating; the values were validated by the server's decoder.
     *
     * @param stripped          the attribution headers (removed)
     * @param gatewayKeyHeaders lower-case names of headers that carried the caller's gateway key (removed even
     *                          for passthrough providers)
     */
    public static void copyRequest(HttpHeaders client, HttpHeaders upstream, ProviderConfig provider,
            HeaderNames stripped, Set<String> gatewayKeyHeaders) {
        HeaderNames connectionTokens = connectionTokens(client);
        boolean passthrough = provider.credentials() instanceof Credentials.Passthrough;
        Iterator<Map.Entry<CharSequence, CharSequence>> it = client.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            CharSequence name = h.getKey();
            if (HOP_BY_HOP.contains(name) || NOT_FORWARDED.contains(name) || stripped.contains(name)
                    || (!passthrough && CREDENTIALS.contains(name))
                    || (connectionTokens != null && connectionTokens.contains(name))
                    || (!gatewayKeyHeaders.isEmpty() && gatewayKeyHeaders.contains(lower(name)))) {
                continue;
            }
            upstream.add(name, h.getValue());
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
        upstream.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
    }

    /** Copies upstream response headers that may reach the client (never the gateway's {@code X-LLM-*}). */
    public static void copyResponse(HttpHeaders upstream, HttpHeaders client) {
        HeaderNames connectionTokens = connectionTokens(upstream);
        Iterator<Map.Entry<CharSequence, CharSequence>> it = upstream.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            CharSequence name = h.getKey();
            if (HOP_BY_HOP.contains(name) || NOT_RETURNED.contains(name)
                    || HeaderNames.startsWithIgnoreCase(name, GATEWAY_PREFIX)
                    || (connectionTokens != null && connectionTokens.contains(name))) {
                continue;
            }
            client.add(name, h.getValue());
        }
    }

    /** The field names listed by every Connection header (a message may carry several), or null when none. */
    private static @Nullable HeaderNames connectionTokens(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            return null;
        }
        return HeaderNames.of(String.join(",", headers.getAll(HttpHeaderNames.CONNECTION)).split(","));
    }

    private static String lower(CharSequence name) {
        return name.toString().toLowerCase(Locale.ROOT);
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
