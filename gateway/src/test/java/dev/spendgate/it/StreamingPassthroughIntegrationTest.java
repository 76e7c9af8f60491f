package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the relay is incremental: the provider sends one event and then waits until the test has seen that event
 * arrive at the client before it sends the next. A gateway that buffered the stream would never deliver the first
 * event, and the test would time out.
 */
class StreamingPassthroughIntegrationTest {

    private static final String FIRST = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"first\"},"
            + "\"finish_reason\":null}],\"usage\":null}\n\n";
    private static final String SECOND = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"second\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}}\n\n"
            + "data: [DONE]\n\n";

    private static HttpServer provider;
    private static TestGateway gateway;
    private static volatile CountDownLatch clientSawFirst = new CountDownLatch(1);
    private static volatile CountDownLatch providerSentSecond = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(FIRST.getBytes(StandardCharsets.UTF_8));
                out.flush();
                boolean seen = clientSawFirst.await(10, TimeUnit.SECONDS);
                if (!seen) {
                    return; // the client never saw the first event: end without the rest, the test fails
                }
                out.write(SECOND.getBytes(StandardCharsets.UTF_8));
                out.flush();
                providerSentSecond.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        provider.start();
        String base = "http://127.0.0.1:" + provider.getAddress().getPort();
        gateway = TestGateway.start(base + "/v1", base, "");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        provider.stop(0);
        LeakAssertions.assertNoLeaks();
    }

    @Test
    void clientReceivesFirstEventBeforeProviderSendsSecond() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer caller")
                .header("X-LLM-Feature", "incremental")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));

        String firstLine = CompletableFuture.supplyAsync(() -> readLine(reader)).get(10, TimeUnit.SECONDS);
        assertThat(firstLine).contains("\"content\":\"first\"");
        assertThat(providerSentSecond.getCount()).as("the provider has not sent the second event yet").isOne();
        clientSawFirst.countDown();

        StringBuilder rest = new StringBuilder();
        for (String line = readLine(reader); line != null; line = readLine(reader)) {
            rest.append(line).append('\n');
        }
        assertThat(rest.toString()).contains("\"content\":\"second\"").contains("data: [DONE]");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "incremental");
        assertThat(row.path("input_tokens").asLong()).isEqualTo(10);
        assertThat(row.path("output_tokens").asLong()).isEqualTo(2);
        assertThat(row.path("ttft_ms").asDouble()).isLessThan(row.path("latency_ms").asDouble());
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
