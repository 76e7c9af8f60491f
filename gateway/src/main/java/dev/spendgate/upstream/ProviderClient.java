package dev.spendgate.upstream;

import dev.spendgate.config.ProviderConfig;
import dev.spendgate.config.ProviderType;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.AddressResolverGroup;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP client of one provider: its own connection pool (so one slow provider cannot starve another), TLS for
 * https base URLs (SNI and hostname verification on), its connect, first-byte and idle timeouts, HTTP/1.1
 * keep-alive, no redirects. Requests run on the caller's event loop ({@link UpstreamCall}).
 */
public final class ProviderClient implements AutoCloseable {

    private final ProviderConfig config;
    private final UpstreamPool pool;
    private final String basePath;
    private final String hostHeader;

    /** Builds the pool for {@code config}; connections use {@code transport} and resolve names with {@code dns}. */
    public ProviderClient(ProviderConfig config, Transport transport,
            AddressResolverGroup<? extends SocketAddress> dns) {
        this.config = config;
        URI base = config.baseUrl();
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        String host = base.getHost();
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        boolean defaultPort = base.getPort() <= 0 || port == (https ? 443 : 80);
        this.hostHeader = defaultPort ? host : host + ":" + port;
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        this.pool = new UpstreamPool(bare, port, https ? tls() : null, transport, dns, config.maxConnections(),
                config.timeouts().connect(), Duration.ofSeconds(50), Duration.ofMinutes(10));
    }

    private static SslContext tls() {
        try {
            return SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
        } catch (SSLException e) {
            throw new IllegalStateException("TLS is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** The provider's configuration. */
    public ProviderConfig config() {
        return config;
    }

    /** The Host header of requests to this provider. */
    public String hostHeader() {
        return hostHeader;
    }

    /**
     * The upstream request target of a gateway path. OpenAI-type base URLs end in their version segment (as the
     * OpenAI SDK takes them), so {@code /v1/chat/completions} becomes {@code basePath + /chat/completions};
     * Anthropic base URLs are the host root, so the whole path is appended.
     */
    public String target(String path, @Nullable String query) {
        String suffix = config.type() == ProviderType.OPENAI && path.startsWith("/v1/") ? path.substring(3) : path;
        String p = basePath + suffix;
        return query == null || query.isEmpty() ? p : p + "?" + query;
    }

    /**
     * Sends one request on {@code loop} (the client connection's event loop) and reports to {@code listener} there.
     * The headers must be complete (Host and Content-Length included).
     *
     * @param end System.nanoTime() past which the exchange is over (total timeout or request deadline)
     */
    public UpstreamCall send(EventLoop loop, HttpMethod method, String target, HttpHeaders headers, byte[] body,
            long end, UpstreamListener listener) {
        UpstreamCall call = new UpstreamCall(pool, loop, method, target, headers, body,
                config.timeouts().firstByte().toNanos(), config.timeouts().idle().toNanos(), end, listener);
        call.start();
        return call;
    }

    /** Connections open to this provider now. */
    public int openConnections() {
        return pool.open();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "ProviderClient[" + config.id() + " " + config.baseUrl() + "]";
    }
}
