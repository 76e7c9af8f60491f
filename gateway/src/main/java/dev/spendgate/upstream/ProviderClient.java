package dev.spendgate.upstream;

import dev.spendgate.config.ProviderConfig;
import dev.spendgate.config.ProviderType;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The HTTP client of one provider: its own named connection pool (so one slow provider cannot starve another),
 * its connect and first-byte timeouts, HTTP/1.1 keep-alive, identity encoding requested (the gateway reads usage
 * from plain bytes; a gzip answer anyway is decompressed) and no redirects.
 */
public final class ProviderClient implements AutoCloseable {

    private final ProviderConfig config;
    private final ConnectionProvider pool;
    private final HttpClient http;
    private final String base;

    /** Builds the pool and client for {@code config}. */
    public ProviderClient(ProviderConfig config) {
        this.config = config;
        this.pool = ConnectionProvider.builder("upstream-" + config.id())
                .maxConnections(config.maxConnections())
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(config.timeouts().connect().plusSeconds(5))
                .maxIdleTime(Duration.ofSeconds(50))
                .maxLifeTime(Duration.ofMinutes(10))
                .evictInBackground(Duration.ofSeconds(30))
                .build();
        this.http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.timeouts().connect().toMillis()))
                .keepAlive(true)
                // Decompression on: a provider that gzips although asked for identity is still read (and
                // metered) correctly. The request itself says Accept-Encoding: identity (UpstreamHeaders).
                .compress(true)
                .followRedirect(false)
                .httpResponseDecoder(spec -> spec.maxHeaderSize(64 * 1024))
                .responseTimeout(config.timeouts().firstByte());
        String b = config.baseUrl().toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** The provider's configuration. */
    public ProviderConfig config() {
        return config;
    }

    /** The configured client; callers add per-request settings. */
    public HttpClient http() {
        return http;
    }

    /**
     * The upstream URL of a gateway path. OpenAI-type base URLs end in their version segment (as the OpenAI SDK
     * takes them), so {@code /v1/chat/completions} becomes {@code base + /chat/completions}; Anthropic base URLs are
     * the host root, so the whole path is appended.
     */
    public String url(String path, @Nullable String query) {
        String suffix = config.type() == ProviderType.OPENAI && path.startsWith("/v1/") ? path.substring(3) : path;
        return query == null || query.isEmpty() ? base + suffix : base + suffix + "?" + query;
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "ProviderClient[" + config.id() + " " + base + "]";
    }
}
