package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.ScriptedProvider;
import dev.spendgate.testkit.ScriptedProvider.Script;
import dev.spendgate.testkit.TestConfigs;
import dev.spendgate.testkit.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients too slow at their end of the connection: a request that stops arriving is bounded by
 * {@code server.request_read_timeout} (here 500 ms), and a client that stops reading a stream is bounded by the
 * provider's idle timeout (here 1 s) without the provider being blamed for the silence.
 */
class SlowClientIntegrationTest {

    private static final long READ_TIMEOUT_MS = 500;
    private static final String CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},"
            + "\"finish_reason\":null}]}\n\n";
    private static final String STREAM_BODY = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a long story about the sea.\"}]}";

    private static ScriptedProvider provider;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        provider = ScriptedProvider.start();
        String yaml = TestConfigs.standard(provider.baseUrl() + "/v1", provider.baseUrl(), Path.of("${LEDGER_DIR}"))
                .replace("dir: ${LEDGER_DIR}", "dir: \"${LEDGER_DIR}\"")
                .replace("  shutdown_grace: 5s\n", "  shutdown_grace: 5s\n  request_read_timeout: 500ms\n")
                .replace("idle: 5s", "idle: 1s");
        gateway = TestGateway.startYaml(yaml);
    }

    @AfterEach
    void releaseHeld() {
        provider.release();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        provider.close();
        LeakAssertions.assertNoLeaks();
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", URI.create(gateway.baseUrl()).getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String head(String path, String feature, String extra, int contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: gw\r\nX-LLM-Feature: " + feature + "\r\n"
                + "Content-Type: application/json\r\n" + extra + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    /** Everything the gateway sends until it closes the connection (a reset counts as closed). */
    private static String readToClose(Socket s) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset after the last bytes: closed as well
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** Reads until {@code end} has arrived. */
    private static String readUntil(Socket s, String end) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        int n;
        while (!got.toString(StandardCharsets.UTF_8).contains(end) && (n = in.read(buf)) > 0) {
            got.write(buf, 0, n);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void bodyThatStopsArrivingGets408AndTheConnectionClosesWithNothingSpent() throws Exception {
        int requestsBefore = provider.requests();
        String out;
        long took;
        try (Socket s = connect()) {
            long start = System.nanoTime();
            send(s, head("/v1/chat/completions", "stalled-body", "", 100) + "{\"mo");
            out = readToClose(s);
            took = millisSince(start);
        }
        assertThat(out).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close")
                .contains("\"code\":\"request_timeout\"").contains("server.request_read_timeout");
        assertThat(took).as("answered once the body paused for the read timeout").isBetween(READ_TIMEOUT_MS - 50,
                4_000L);
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "stalled-body");
        assertThat(row.path("outcome").asText()).isEqualTo("client_timeout");
        assertThat(row.path("http_status").asInt()).isEqualTo(408);
        assertThat(new BigDecimal(row.path("cost_usd").asText())).isZero();
        assertThat(provider.requests()).as("no upstream call was made").isEqualTo(requestsBefore);
    }

    @Test
    void anthropicBodyThatStopsArrivingGets408InAnthropicsErrorFormat() throws Exception {
        try (Socket s = connect()) {
            send(s, head("/v1/messages", "stalled-anthropic", "anthropic-version: 2023-06-01\r\n", 100) + "{\"mo");
            assertThat(readToClose(s)).startsWith("HTTP/1.1 408")
                    .contains("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"");
        }
    }

    @Test
    void headThatStopsArrivingClosesTheConnectionWithoutAnAnswer() throws Exception {
        try (Socket s = connect()) {
            long start = System.nanoTime();
            send(s, "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nX-LLM-Fea");
            assertThat(readToClose(s)).as("no request to answer").isEmpty();
            assertThat(millisSince(start)).isBetween(READ_TIMEOUT_MS - 50, 4_000L);
        }
    }

    @Test
    void headDribbledByteByByteIsBoundedFromItsFirstByte() throws Exception {
        byte[] head = head("/v1/chat/completions", "dribble", "", 10).getBytes(StandardCharsets.US_ASCII);
        try (Socket s = connect()) {
            long start = System.nanoTime();
            Thread dribbler = new Thread(() -> {
                try {
                    for (byte b : head) {
                        s.getOutputStream().write(b);
                        s.getOutputStream().flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // the gateway hung up: expected
                }
            });
            dribbler.setDaemon(true);
            dribbler.start();
            assertThat(readToClose(s)).isEmpty();
            assertThat(millisSince(start)).as("one byte every 100 ms never completes the head in time")
                    .isBetween(READ_TIMEOUT_MS - 50, 3_000L);
            dribbler.interrupt();
        }
    }

    @Test
    void bodyThatKeepsComingIsReadEvenPastTheReadTimeout() throws Exception {
        provider.next(new Script(List.of(CHUNK.formatted("Once"), "data: [DONE]\n\n"), false, false));
        byte[] body = STREAM_BODY.getBytes(StandardCharsets.UTF_8);
        try (Socket s = connect()) {
            send(s, head("/v1/chat/completions", "steady-body", "", body.length));
            int piece = body.length / 4 + 1;
            for (int at = 0; at < body.length; at += piece) {
                Thread.sleep(300);
                s.getOutputStream().write(body, at, Math.min(piece, body.length - at));
                s.getOutputStream().flush();
            }
            assertThat(readUntil(s, "0\r\n\r\n")).as("pauses of 300 ms, 1.2 s in all").startsWith("HTTP/1.1 200")
                    .contains("Once");
        }
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "steady-body").path("outcome").asText())
                .isEqualTo("success");
    }

    @Test
    void idleKeepAliveConnectionOutlivesTheReadTimeout() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET /nope HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertThat(readUntil(s, "}")).startsWith("HTTP/1.1 404");
            Thread.sleep(3 * READ_TIMEOUT_MS);
            send(s, "GET /nope HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertThat(readUntil(s, "}")).as("the same connection still serves").startsWith("HTTP/1.1 404");
        }
    }

    @Test
    void clientThatStopsReadingAStreamEndsAsClientTimeoutNotUpstreamTimeout() throws Exception {
        // Far more than the socket buffers between provider and client hold, so the gateway must pause reading
        // upstream; the SSE comment lines make it bulky without much text to count.
        String padding = ": " + "x".repeat(16_000) + "\n\n";
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            chunks.add(CHUNK.formatted("word" + i) + padding);
        }
        provider.next(new Script(chunks, false, false));
        byte[] body = STREAM_BODY.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", URI.create(gateway.baseUrl()).getPort()));
            send(s, head("/v1/chat/completions", "stalled-reader", "", body.length) + STREAM_BODY);
            // The client reads nothing at all; the gateway gives it the provider's idle timeout (1 s) to make room.
            JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "stalled-reader");
            assertThat(row.path("outcome").asText()).as("the client stalled, not the provider")
                    .isEqualTo("client_timeout");
            assertThat(row.path("usage_source").asText()).isEqualTo("estimated");
            assertThat(row.path("output_tokens").asLong()).as("what was streamed is counted").isPositive();
            assertThat(new BigDecimal(row.path("cost_usd").asText())).isPositive();
        }
        assertThat(gateway.scrape().lines().filter(l -> l.startsWith("llm_upstream_attempts_total"))
                .filter(l -> l.contains("upstream_timeout")).toList())
                .as("no attempt failure is held against the provider").isEmpty();
    }
}
