package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.demo.SimulatedProvider;
import dev.spendgate.demo.SimulatorOptions;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No overshoot under concurrency: 50 requests at once (streaming or not) against a budget that pays for only a
 * few. Reservations are atomic, so the spend the ledger records never exceeds the limit, and the rest is refused.
 * The provider is the built-in simulator, which reports usage from the real prompt and respects max_tokens.
 */
class BudgetConcurrencyIntegrationTest {

    private static final BigDecimal LIMIT = new BigDecimal("0.0006");
    private static SimulatedProvider simulator;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        simulator = SimulatedProvider.start(SimulatorOptions.fast());
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                providers:
                  sim: {type: openai, base_url: %s, api_key: sim-key}
                models:
                  gpt-4o-mini: {provider: sim, price: {input: 0.15, cached_input: 0.075, output: 0.6}}
                guardrails:
                  budgets:
                    - {name: tight-json, match: {feature: burst-json}, limit_usd: %s}
                    - {name: tight-stream, match: {feature: burst-stream}, limit_usd: %s}
                """.formatted(simulator.openAiBaseUrl(), LIMIT, LIMIT));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        simulator.close();
        LeakAssertions.assertNoLeaks();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void fiftyConcurrentRequestsNeverSpendPastTheLimit(boolean stream) throws Exception {
        String feature = stream ? "burst-stream" : "burst-json";
        HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(50))
                .build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                    .timeout(Duration.ofSeconds(30)).header("X-LLM-Feature", feature)
                    .header("Authorization", "Bearer caller")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"max_tokens\":200,"
                            + "\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                            + "\"Summarize the quarterly report for the board in plain words, request " + i + "\"}]}"))
                    .build();
            calls.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            int status = c.get(30, TimeUnit.SECONDS).statusCode();
            ok += status == 200 ? 1 : 0;
            refused += status == 429 ? 1 : 0;
        }
        assertThat(ok + refused).as("every request is served or refused by the budget").isEqualTo(50);
        assertThat(ok).isPositive();
        assertThat(refused).as("the budget pays for a few requests only").isPositive();

        List<JsonNode> rows = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> gateway.ledger().stream().filter(r -> r.path("feature").asText().equals(feature)).toList(),
                l -> l.size() == 50);
        BigDecimal spent = rows.stream().map(r -> new BigDecimal(r.path("cost_usd").asText()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(spent).as("ledger total of %s successful requests", ok).isLessThanOrEqualTo(LIMIT).isPositive();
        assertThat(rows).filteredOn(r -> r.path("outcome").asText().equals("success"))
                .allSatisfy(r -> assertThat(r.path("usage_source").asText()).isEqualTo("provider"));
    }
}
