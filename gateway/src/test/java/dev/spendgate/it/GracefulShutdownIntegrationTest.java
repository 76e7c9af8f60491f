package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.ledger.LedgerReader;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.ScriptedProvider;
import dev.spendgate.testkit.ScriptedProvider.Script;
import dev.spendgate.testkit.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Shutdown stops taking requests but lets a stream in flight finish, and the ledger holds its line afterwards.
 */
class GracefulShutdownIntegrationTest {

    @AfterAll
    static void leaks() {
        LeakAssertions.assertNoLeaks();
    }

    @Test
    void inFlightStreamFinishesAndIsRecordedDuringShutdown() throws Exception {
        try (ScriptedProvider provider = ScriptedProvider.start()) {
            TestGateway gateway = TestGateway.start(provider.baseUrl() + "/v1", provider.baseUrl(), "");
            String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}\n\n";
            provider.next(new Script(List.of(chunk.formatted("still"), chunk.formatted(" going"),
                    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                            + "\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}\n\n"
                            + "data: [DONE]\n\n"), true, false));
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                    .timeout(Duration.ofSeconds(20)).header("X-LLM-Feature", "draining")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build();
            CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
                    .sendAsync(request, HttpResponse.BodyHandlers.ofString());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gateway.server().inFlight() == 1);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
            Thread.sleep(300);
            assertThat(closing).as("shutdown waits for the stream").isNotDone();
            provider.release();
            closing.get(10, TimeUnit.SECONDS);

            HttpResponse<String> r = response.get(10, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("still").contains(" going").contains("[DONE]");
            List<JsonNode> rows = LedgerReader.readAll(gateway.ledgerDir());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).path("feature").asText()).isEqualTo("draining");
            assertThat(rows.get(0).path("outcome").asText()).isEqualTo("success");
            assertThat(rows.get(0).path("output_tokens").asLong()).isEqualTo(2);
        }
    }

    @Test
    void streamStillRunningAfterTheGraceIsEndedWithAnErrorEventAndRecorded() throws Exception {
        try (ScriptedProvider provider = ScriptedProvider.start()) {
            TestGateway gateway = TestGateway.startYaml("""
                    server: {host: 127.0.0.1, port: 0, admin_port: 0, shutdown_grace: 300ms}
                    ledger: {dir: "${LEDGER_DIR}"}
                    providers:
                      openai: {type: openai, base_url: %s/v1, api_key: "${OPENAI_API_KEY}"}
                    models:
                      gpt-4o-mini: {provider: openai, price: {input: 0.15, output: 0.6}}
                    """.formatted(provider.baseUrl()));
            provider.next(new Script(List.of("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\","
                    + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                    + "\"forever and ever\"},\"finish_reason\":null}]}\n\n"), true, false));
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                    .timeout(Duration.ofSeconds(20)).header("X-LLM-Feature", "too-long")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build();
            CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
                    .sendAsync(request, HttpResponse.BodyHandlers.ofString());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gateway.server().inFlight() == 1);
            gateway.close();

            HttpResponse<String> r = response.get(10, TimeUnit.SECONDS);
            assertThat(r.body()).contains("forever and ever").contains("shutting_down").doesNotContain("[DONE]");
            List<JsonNode> rows = LedgerReader.readAll(gateway.ledgerDir());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).path("outcome").asText()).isEqualTo("shutting_down");
            assertThat(rows.get(0).path("usage_source").asText()).isEqualTo("estimated");
            assertThat(rows.get(0).path("output_tokens").asLong()).isPositive();
        }
    }
}
