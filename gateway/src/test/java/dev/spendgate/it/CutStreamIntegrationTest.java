package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.ScriptedProvider;
import dev.spendgate.testkit.ScriptedProvider.Script;
import dev.spendgate.testkit.TestGateway;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams that do not end well: spend that happened is still recorded (estimated with the tokenizer when the
 * provider reported nothing), and the client is told the stream broke instead of seeing a clean end.
 */
class CutStreamIntegrationTest {

    private static final String CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},"
            + "\"finish_reason\":null}]}\n\n";
    private static final String PROMPT = "Tell me a long story about a lighthouse keeper and the sea.";

    private static ScriptedProvider provider;
    private static TestGateway gateway;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        provider = ScriptedProvider.start();
        gateway = TestGateway.start(provider.baseUrl() + "/v1", provider.baseUrl(), "");
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

    private static HttpRequest chat(String feature) {
        return HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("X-LLM-Feature", feature)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}"))
                .build();
    }

    @Test
    void upstreamCutEndsTheClientStreamWithAnErrorEventAndRecordsEstimatedSpend() throws Exception {
        provider.next(new Script(List.of(CHUNK.formatted("Once upon a time"), CHUNK.formatted(" there was")),
                false, true));
        HttpResponse<String> r = HTTP.send(chat("cut"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Once upon a time").contains(" there was")
                .as("an error event, never a fake [DONE]").contains("\"error\"").doesNotContain("[DONE]");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "cut");
        assertThat(row.path("outcome").asText()).isEqualTo("upstream_cut");
        assertThat(row.path("usage_source").asText()).isEqualTo("estimated");
        assertThat(row.path("input_tokens").asLong()).as("prompt counted with the tokenizer").isBetween(10L, 40L);
        assertThat(row.path("output_tokens").asLong()).as("streamed text counted").isBetween(3L, 8L);
        assertThat(Double.parseDouble(row.path("cost_usd").asText())).isPositive();
        assertThat(provider.lastRequest()).as("usage was requested upstream")
                .contains("\"include_usage\":true");
    }

    @Test
    void clientDisconnectMidStreamStillRecordsWhatWasSpent() throws Exception {
        provider.next(new Script(List.of(CHUNK.formatted("The keeper climbed the stairs")), true, false));
        HttpResponse<InputStream> r = HTTP.send(chat("walked-away"), HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(10, TimeUnit.SECONDS);
        assertThat(first).contains("The keeper climbed the stairs");
        int closedBefore = provider.closedByGateway();
        r.body().close();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).alias("the upstream request is cancelled too")
                .until(() -> provider.closedByGateway() > closedBefore);
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "walked-away");
        assertThat(row.path("outcome").asText()).isEqualTo("client_cancelled");
        assertThat(row.path("usage_source").asText()).isEqualTo("estimated");
        assertThat(row.path("input_tokens").asLong()).isPositive();
        assertThat(row.path("output_tokens").asLong()).isPositive();
    }

    @Test
    void anthropicStreamCutAfterMessageStartKeepsReportedInputAndCountsOutput() throws Exception {
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":"
                + "\"claude-haiku-4-5-20251001\",\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":500,"
                + "\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":0,\"output_tokens\":1}}}\n\n";
        String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"The lighthouse stood on a rock far out in the "
                + "grey northern sea, and every night its keeper lit the great lamp.\"}}\n\n";
        provider.next(new Script(List.of(start, delta), false, true));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.anthropicBaseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01").header("X-LLM-Feature", "anthropic-cut")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":500,"
                        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}"))
                .build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("event: error");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "anthropic-cut");
        assertThat(row.path("usage_source").asText()).isEqualTo("estimated");
        assertThat(row.path("input_tokens").asLong()).as("reported by message_start").isEqualTo(500);
        assertThat(row.path("cached_input_tokens").asLong()).isEqualTo(100);
        assertThat(row.path("output_tokens").asLong()).as("more than the provisional 1").isGreaterThan(10);
    }

    @Test
    void streamThatEndsCleanlyBeforeItsFinalEventIsReportedAsCut() throws Exception {
        // A whole HTTP response, but no [DONE]: the provider stopped early, so the client must not see a clean end.
        provider.next(new Script(List.of(CHUNK.formatted("Once upon")), false, false));
        HttpResponse<String> r = HTTP.send(chat("no-done"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("Once upon").contains("\"error\"").doesNotContain("[DONE]");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "no-done");
        assertThat(row.path("outcome").asText()).isEqualTo("upstream_cut");
        assertThat(row.path("output_tokens").asLong()).isPositive();
    }

    @Test
    void cutInTheMiddleOfAnEventEndsThatEventBeforeTheErrorEvent() throws Exception {
        // Anthropic streams pass through unchanged (no usage chunk to strip), so the half event reached the client.
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":"
                + "\"claude-haiku-4-5-20251001\",\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"usage\":{\"input_tokens\":20,\"output_tokens\":1}}}\n\n";
        provider.next(new Script(List.of(start, "event: content_block_delta\ndata: {\"ty"), false, true));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.anthropicBaseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01").header("X-LLM-Feature", "mid-event")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":50,"
                        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).as("the half event is closed by a blank line, so the error is an event of its own")
                .contains("{\"ty\n\nevent: error\n");
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "mid-event").path("outcome").asText())
                .isEqualTo("upstream_cut");
    }
}
