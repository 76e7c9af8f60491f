package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.testkit.KeepAliveProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestConfigs;
import dev.spendgate.testkit.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 at both ends of the proxy's raw Netty data path: pipelined requests, 100-continue, chunked request
 * bodies, HTTP/1.0, heads the decoder refuses, over-limit bodies; and upstream, keep-alive reuse, a pooled
 * connection the provider dropped as the request arrived (sent once more), and the max_connections limit.
 */
class HttpConnectionIntegrationTest {

    private static final String BODY =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static KeepAliveProvider provider;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        provider = KeepAliveProvider.start();
        String yaml = TestConfigs.standard(provider.openAiBaseUrl(), "http://127.0.0.1:9", Path.of("${LEDGER_DIR}"))
                .replace("dir: ${LEDGER_DIR}", "dir: \"${LEDGER_DIR}\"")
                .replace("    api_key: ${OPENAI_API_KEY}\n",
                        "    api_key: ${OPENAI_API_KEY}\n    max_connections: 2\n");
        gateway = TestGateway.startYaml(yaml);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        provider.close();
        LeakAssertions.assertNoLeaks();
    }

    private static int port() {
        return URI.create(gateway.baseUrl()).getPort();
    }

    private static String post(String extraHeaders, String body) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nX-LLM-Feature: http\r\n"
                + "Content-Type: application/json\r\n" + extraHeaders + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** Writes {@code raw}, then reads until the connection closes or {@code responses} complete responses. */
    private static String exchange(String raw, int responses) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return read(s.getInputStream(), responses);
        }
    }

    private static String read(InputStream in, int responses) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while (complete(got.toString(StandardCharsets.UTF_8)) < responses && (n = in.read(buf)) > 0) {
            got.write(buf, 0, n);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** How many Content-Length framed responses {@code text} holds in full. */
    private static int complete(String text) {
        int count = 0;
        int at = 0;
        Matcher m = Pattern.compile("(?i)content-length: (\\d+)\r\n").matcher(text);
        while (true) {
            int head = text.indexOf("\r\n\r\n", at);
            if (head < 0 || !m.find(at) || m.start() > head) {
                return count;
            }
            int end = head + 4 + Integer.parseInt(m.group(1));
            if (text.length() < end) {
                return count;
            }
            count++;
            at = end;
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        String raw = post("", BODY) + post("X-Second: yes\r\n", BODY.replace("\"hi\"", "\"again\""));
        String out = exchange(raw, 2);
        assertThat(out.split("HTTP/1.1 200 OK", -1)).hasSize(3);
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("X-LLM-Request-Id: (\\S+)").matcher(out);
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void expectContinueGetsA100ThenTheAnswer() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String full = post("Expect: 100-continue\r\n", BODY);
            int split = full.indexOf("\r\n\r\n") + 4;
            out.write(full.substring(0, split).getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] buf = new byte[256];
            int n = s.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 100 Continue");
            out.write(full.substring(split).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(read(s.getInputStream(), 1)).contains("HTTP/1.1 200 OK").contains("\"chatcmpl-ka\"");
        }
    }

    @Test
    void chunkedRequestBodyIsReadWhole() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        int half = body.length / 2;
        String raw = "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nX-LLM-Feature: http\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(half) + "\r\n" + BODY.substring(0, half) + "\r\n"
                + Integer.toHexString(body.length - half) + "\r\n" + BODY.substring(half) + "\r\n0\r\n\r\n";
        assertThat(exchange(raw, 1)).startsWith("HTTP/1.1 200 OK").contains("X-LLM-Cost-USD");
    }

    @Test
    void http10RequestIsAnsweredAndTheConnectionClosed() throws Exception {
        String raw = post("", BODY).replace("HTTP/1.1\r\n", "HTTP/1.0\r\n");
        String out = exchange(raw, 5);
        assertThat(out).startsWith("HTTP/1.0 200 OK").contains("\"chatcmpl-ka\"");
    }

    @Test
    void malformedAndOversizedHeadsAreRefusedAndTheConnectionClosed() throws Exception {
        assertThat(exchange("GET /v1/models HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n", 5))
                .startsWith("HTTP/1.1 400").contains("bad_http_request");
        String huge = "X-Big: " + "a".repeat(40_000) + "\r\n";
        assertThat(exchange(post(huge, BODY), 5)).startsWith("HTTP/1.1 431").contains("bad_http_request");
        assertThat(exchange("POST /v1/messages HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n", 5))
                .as("a path of Anthropic's API gets Anthropic's error format")
                .startsWith("HTTP/1.1 400")
                .contains("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"");
    }

    @Test
    void bodyOverTheLimitIs413AndTheConnectionCloses() throws Exception {
        // The head declares 70,000 bytes (the limit is 65,536); only the start of the body is sent.
        String raw = post("", "{\"model\":\"gpt-4o-mini\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        String out = exchange(raw.substring(0, raw.indexOf("\r\n\r\n") + 1_000), 5);
        assertThat(out).startsWith("HTTP/1.1 413").contains("max_body_bytes").containsIgnoringCase("connection: close");
    }

    @Test
    void upstreamConnectionsAreReusedAndAStaleOneIsReplaced() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int before = provider.connections();
        for (int i = 0; i < 5; i++) {
            assertThat(send(http).statusCode()).isEqualTo(200);
        }
        assertThat(provider.connections() - before).as("sequential requests share a keep-alive connection")
                .isLessThanOrEqualTo(1);
        for (int i = 0; i < 3; i++) {
            int requests = provider.requests();
            int connections = provider.connections();
            provider.dropNextRequest();
            HttpResponse<String> r = send(http);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(provider.requests() - requests).as("the dropped request was sent once more").isEqualTo(2);
            assertThat(provider.connections() - connections).as("on a new connection").isEqualTo(1);
        }
    }

    @Test
    void maxConnectionsHoldsRequestsUntilAConnectionIsFree() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        provider.delay(200);
        try {
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(http.sendAsync(request(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : all) {
                assertThat(f.get().statusCode()).isEqualTo(200);
            }
            assertThat(provider.mostConcurrent()).as("max_connections: 2").isLessThanOrEqualTo(2);
        } finally {
            provider.delay(0);
        }
    }

    private static HttpRequest request() {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-LLM-Feature", "http").POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    }

    private static HttpResponse<String> send(HttpClient http) throws Exception {
        return http.send(request(), HttpResponse.BodyHandlers.ofString());
    }
}
