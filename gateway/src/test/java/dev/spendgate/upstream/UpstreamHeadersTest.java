package dev.spendgate.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.Credentials;
import dev.spendgate.config.ProviderConfig;
import dev.spendgate.config.ProviderType;
import dev.spendgate.config.TimeoutsConfig;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which headers cross the gateway: names matched without case, Connection-listed fields, credentials, the
 * gateway's own X-LLM-* namespace.
 */
class UpstreamHeadersTest {

    private static final TimeoutsConfig TIMEOUTS = new TimeoutsConfig(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofSeconds(1));

    private static ProviderConfig provider(ProviderType type, Credentials credentials, Map<String, String> extra) {
        return new ProviderConfig("p", type, URI.create("https://example.test/v1"), credentials, TIMEOUTS, 10,
                extra);
    }

    private static HttpHeaders request() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Host", "gateway.local");
        h.add("content-LENGTH", "12");
        h.add("Accept-Encoding", "gzip, br");
        h.add("Connection", "keep-alive, X-Hop-One");
        h.add("CONNECTION", "x-hop-two");
        h.add("X-Hop-One", "1");
        h.add("x-HOP-two", "2");
        h.add("Transfer-Encoding", "chunked");
        h.add("TE", "trailers");
        h.add("Upgrade", "h2c");
        h.add("Proxy-Authorization", "Basic secret");
        h.add("Expect", "100-continue");
        h.add("x-llm-FEATURE", "search");
        h.add("X-LLM-Customer", "c-42");
        h.add("Authorization", "Bearer client-key");
        h.add("X-Api-Key", "client-key");
        h.add("OpenAI-Organization", "org-1");
        h.add("Content-Type", "application/json");
        h.add("User-Agent", "OpenAI/Java 4.0");
        return h;
    }

    @Test
    void hopByHopConnectionListedAttributionAndCallerCredentialsNeverReachTheProvider() {
        HttpHeaders upstream = new DefaultHttpHeaders();
        UpstreamHeaders.copyRequest(request(), upstream, provider(ProviderType.OPENAI,
                new Credentials.ApiKey("Authorization", "sk-gateway"), Map.of("X-Extra", "on")),
                HeaderNames.of("X-LLM-Feature", "x-llm-customer"), Set.of());

        assertThat(upstream.names()).containsExactlyInAnyOrder("OpenAI-Organization", "Content-Type",
                "User-Agent", "X-Extra", "Authorization", "accept-encoding");
        assertThat(upstream.get("authorization")).isEqualTo("Bearer sk-gateway");
        assertThat(upstream.getAll("authorization")).hasSize(1);
        assertThat(upstream.get("accept-encoding")).isEqualTo("identity");
    }

    @Test
    void passthroughKeepsTheCallersCredentialsButNotTheGatewayKeyHeaders() {
        HttpHeaders upstream = new DefaultHttpHeaders();
        UpstreamHeaders.copyRequest(request(), upstream, provider(ProviderType.ANTHROPIC,
                new Credentials.Passthrough(), Map.of()), HeaderNames.of(), Set.of("x-api-key"));

        assertThat(upstream.get("Authorization")).isEqualTo("Bearer client-key");
        assertThat(upstream.contains("X-Api-Key")).isFalse();
        assertThat(upstream.get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(upstream.contains("X-LLM-Feature")).as("not stripped: none configured").isTrue();
    }

    @Test
    void anApiKeyInItsOwnHeaderIsSentBare() {
        HttpHeaders upstream = new DefaultHttpHeaders();
        UpstreamHeaders.copyRequest(request(), upstream, provider(ProviderType.ANTHROPIC,
                new Credentials.ApiKey("x-api-key", "sk-ant"), Map.of()), HeaderNames.of(), Set.of());

        assertThat(upstream.getAll("x-api-key")).containsExactly("sk-ant");
        assertThat(upstream.contains("Authorization")).isFalse();
    }

    @Test
    void responseHopByHopAndConnectionListedHeadersStayBehind() {
        HttpHeaders upstream = new DefaultHttpHeaders();
        upstream.add("Content-Type", "text/event-stream");
        upstream.add("connection", "close, X-Upstream-Hop");
        upstream.add("x-upstream-hop", "1");
        upstream.add("Keep-Alive", "timeout=5");
        upstream.add("Transfer-Encoding", "chunked");
        upstream.add("Content-Length", "99");
        upstream.add("Content-Encoding", "identity");
        upstream.add("Date", "Fri, 04 Dec 2026 19:00:00 GMT");
        upstream.add("Server", "cloudflare");
        upstream.add("x-request-id", "req_1");
        upstream.add("openai-processing-ms", "12");
        HttpHeaders client = new DefaultHttpHeaders();

        UpstreamHeaders.copyResponse(upstream, client);

        assertThat(client.names()).containsExactlyInAnyOrder("Content-Type", "x-request-id",
                "openai-processing-ms");
    }

    @Test
    void providerHeadersInTheGatewaysXLlmNamespaceNeverReachTheClient() {
        HttpHeaders upstream = new DefaultHttpHeaders();
        upstream.add("Content-Type", "application/json");
        upstream.add("X-LLM-Request-Id", "fake");
        upstream.add("x-llm-budget-warning", "fake");
        upstream.add("X-LLM-COST-USD", "0");
        upstream.add(AsciiString.of("X-Llm-Provider"), "fake");
        upstream.add("X-LLMish", "kept");
        upstream.add("x-llm", "kept");
        upstream.add("x-request-id", "req_1");
        HttpHeaders client = new DefaultHttpHeaders();
        client.add("X-LLM-Request-Id", "gw-1");

        UpstreamHeaders.copyResponse(upstream, client);

        assertThat(client.names()).containsExactlyInAnyOrder("X-LLM-Request-Id", "Content-Type", "X-LLMish",
                "x-llm", "x-request-id");
        assertThat(client.getAll("X-LLM-Request-Id")).as("the gateway's id, once").containsExactly("gw-1");
    }

    @Test
    void prefixMatchIgnoresCaseAndNeedsTheWholePrefix() {
        assertThat(HeaderNames.startsWithIgnoreCase("X-LLM-Cost-USD", "x-llm-")).isTrue();
        assertThat(HeaderNames.startsWithIgnoreCase(AsciiString.of("x-LlM-a"), "x-llm-")).isTrue();
        assertThat(HeaderNames.startsWithIgnoreCase("x-llm", "x-llm-")).isFalse();
        assertThat(HeaderNames.startsWithIgnoreCase("", "x-llm-")).isFalse();
        assertThat(HeaderNames.startsWithIgnoreCase("y-llm-cost", "x-llm-")).isFalse();
    }

    @Test
    void theGatewayKeyIsFoundInEveryHeaderThatCarriesIt() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Authorization", "Bearer  gw-key ");
        h.add("x-api-key", "gw-key");
        h.add("api-key", "other");
        assertThat(UpstreamHeaders.carrying(h, "authorization")).containsExactlyInAnyOrder("authorization",
                "x-api-key");
        assertThat(UpstreamHeaders.carrying(h, null)).isEmpty();
    }
}
