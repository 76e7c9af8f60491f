package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import dev.spendgate.testkit.WireFixtures;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an adversarial review found: ambiguous paths, clients that vanish as the response starts, over-limit
 * bodies both ways, gzip from a provider that ignores identity, duplicated default headers, trailing JSON.
 * The class ends with the leak and Netty-warning check (double releases are logged, not reported as leaks).
 */
class RobustnessIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FixtureProvider fixtures;
    private static WireMockServer provider;
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-5-mini", false, "openai-chat.json")
                .replay("/v1/messages", "claude-haiku-4-5-20251001", false, "anthropic-messages.json");
        provider = fixtures.wireMock();
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .willReturn(aResponse().withFixedDelay(300).withHeader("Content-Type", "application/json")
                        .withBody(WireFixtures.bytes("openai-chat.json"))));
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4.1-nano")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withHeader("Content-Encoding", "gzip")
                        .withBody(gzip(WireFixtures.bytes("openai-chat.json")))));
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"pad\":\"" + "x".repeat(200_000) + "\"}")));
        gateway = TestGateway.startYaml(dev.spendgate.testkit.TestConfigs.smallResponseLimit(fixtures));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
        LeakAssertions.assertNoLeaks();
    }

    private static byte[] gzip(byte[] plain) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    private static HttpResponse<String> send(String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void dotSegmentPathIsRefusedNotPassedThroughWithTheGatewayKey() throws Exception {
        String raw = "POST /v1/./chat/completions HTTP/1.1\r\nHost: x\r\nX-LLM-Feature: sneaky\r\n"
                + "Content-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n"
                + "{\"model\":\"any\"}  ";
        String response = rawExchange(raw);
        assertThat(response).startsWith("HTTP/1.1 400").contains("invalid_path");
        assertThat(provider.findAll(postRequestedFor(urlEqualTo("/v1/./chat/completions")))).isEmpty();
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "sneaky").path("outcome").asText())
                .isEqualTo("client_bad_request");
    }

    @Test
    void clientGoneBeforeTheResponseStartsIsRecordedAsCancelled() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (Socket s = new Socket("127.0.0.1", URI.create(gateway.baseUrl()).getPort())) {
                String body = "{\"model\":\"gpt-4o\",\"messages\":[]}";
                s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-LLM-Feature: vanish\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                Thread.sleep(20L * i);
            }
        }
        List<JsonNode> rows = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> gateway.ledger().stream().filter(r -> r.path("feature").asText().equals("vanish")).toList(),
                l -> l.size() == 5);
        assertThat(rows).allSatisfy(r -> assertThat(r.path("outcome").asText()).isEqualTo("client_cancelled"));
    }

    @Test
    void chunkedRequestOverTheLimitGets413WithoutDoubleRelease() throws Exception {
        StringBuilder raw = new StringBuilder("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
        String chunk = "x".repeat(8000);
        for (int i = 0; i < 12; i++) {
            raw.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        raw.append("0\r\n\r\n");
        assertThat(rawExchange(raw.toString())).startsWith("HTTP/1.1 413");
    }

    @Test
    void responseOverTheLimitGets502AndRecordsEstimatedInput() throws Exception {
        HttpResponse<String> r = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}",
                Map.of("X-LLM-Feature", "huge-answer"));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("max_response_bytes");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "huge-answer");
        assertThat(row.path("usage_source").asText()).isEqualTo("estimated");
        assertThat(row.path("input_tokens").asLong()).isPositive();
    }

    @Test
    void gzipFromAProviderThatIgnoresIdentityIsDecodedAndMetered() throws Exception {
        HttpResponse<String> r = send("/v1/chat/completions",
                "{\"model\":\"gpt-4.1-nano\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("X-LLM-Feature", "gzipped"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(WireFixtures.text("openai-chat.json"));
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "gzipped").path("output_tokens").asLong())
                .isEqualTo(300);
    }

    @Test
    void callerUserAgentReplacesTheClientDefaultAndAnthropicVersionIsKept() throws Exception {
        send("/v1/chat/completions", "{\"model\":\"gpt-5-mini\",\"messages\":[]}",
                Map.of("User-Agent", "OpenAI/Java 4.105.0", "X-LLM-Feature", "ua"));
        LoggedRequest seen = provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("User-Agent", equalTo("OpenAI/Java 4.105.0"))).get(0);
        assertThat(seen.getHeaders().getHeader("User-Agent").values()).containsExactly("OpenAI/Java 4.105.0");

        String body = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":5,\"messages\":[]}";
        send("/v1/messages", body, Map.of("anthropic-version", "2099-01-01", "X-LLM-Feature", "ua"));
        send("/v1/messages", body, Map.of("X-LLM-Feature", "ua"));
        assertThat(provider.findAll(postRequestedFor(urlEqualTo("/v1/messages"))).stream()
                .map(r -> r.getHeader("anthropic-version")).toList())
                .as("the caller's version is kept; 2023-06-01 only when it sent none")
                .containsExactly("2099-01-01", "2023-06-01");
    }

    @Test
    void trailingContentAfterTheJsonObjectIsRefused() throws Exception {
        HttpResponse<String> r = send("/v1/chat/completions", "{\"model\":\"gpt-5-mini\"} {\"model\":\"x\"}",
                Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).contains("not valid JSON");
    }

    private static String rawExchange(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", URI.create(gateway.baseUrl()).getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    response.write(buf, 0, n);
                    if (response.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n{")
                            && response.toString(StandardCharsets.US_ASCII).endsWith("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketException e) {
                // the gateway may close after answering; what was read is the answer
            }
            return response.toString(StandardCharsets.US_ASCII);
        }
    }
}
