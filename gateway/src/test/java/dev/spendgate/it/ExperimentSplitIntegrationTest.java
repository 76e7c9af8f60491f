package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.PromText;
import dev.spendgate.testkit.TestGateway;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An experiment with two 50/50 arms, sticky by customer: each customer always gets the same arm, the arms' shares
 * of customers are what the weights say (within 4 standard deviations), and the experiment metrics agree exactly
 * with the ledger. A caller's own X-LLM-Experiment header is recorded apart from the gateway's experiment.
 */
class ExperimentSplitIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CUSTOMERS = 200;
    private static FixtureProvider fixtures;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-4o", false, "openai-chat.json")
                .replay("/v1/chat/completions", "gpt-4o-mini", false, "openai-chat.json");
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                providers:
                  openai: {type: openai, base_url: "%s", api_key: "${OPENAI_API_KEY}"}
                models:
                  gpt-4o: {provider: openai, price: {input: 2.5, cached_input: 1.25, output: 10}}
                  gpt-4o-mini: {provider: openai, price: {input: 0.15, cached_input: 0.075, output: 0.6}}
                routing:
                  experiments:
                    - name: mini-test
                      match: {feature: split}
                      sticky: customer
                      arms:
                        - {name: control, model: gpt-4o, weight: 50}
                        - {name: treatment, model: gpt-4o-mini, weight: 50}
                    - name: other-test
                      match: {feature: split-mixed}
                      arms:
                        - {name: a, model: gpt-4o, weight: 1}
                        - {name: b, model: gpt-4o-mini, weight: 1}
                """.formatted(fixtures.openAiBaseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
        LeakAssertions.assertNoLeaks();
    }

    private static HttpResponse<String> chat(String feature, String customer, String callerExperiment)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-LLM-Feature", feature).header("X-LLM-Customer", customer)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Draft a reply\"}]}"));
        if (callerExperiment != null) {
            b.header("X-LLM-Experiment", callerExperiment);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void customersStickToOneArmAndArmsSplitByWeightWithMetricsEqualToTheLedger() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String[]>> futures = new ArrayList<>();
        try {
            for (int round = 0; round < 2; round++) {
                for (int c = 0; c < CUSTOMERS; c++) {
                    String customer = "cust-" + c;
                    futures.add(pool.submit(() -> {
                        HttpResponse<String> r = chat("split", customer, null);
                        assertThat(r.statusCode()).isEqualTo(200);
                        return new String[] {customer, r.headers().firstValue("X-LLM-Model").orElseThrow()};
                    }));
                }
            }
            Map<String, String> armOf = new HashMap<>();
            for (Future<String[]> f : futures) {
                String[] got = f.get();
                String previous = armOf.putIfAbsent(got[0], got[1]);
                assertThat(previous == null || previous.equals(got[1])).as("customer %s sticks to one model", got[0])
                        .isTrue();
            }
            assertThat(armOf).hasSize(CUSTOMERS);
            long control = armOf.values().stream().filter("gpt-4o"::equals).count();
            double share = control / (double) CUSTOMERS;
            double sd = Math.sqrt(0.5 * 0.5 / CUSTOMERS);
            assertThat(Math.abs(share - 0.5)).as("control share %s of customers", share).isLessThan(4 * sd);
        } finally {
            pool.shutdownNow();
        }

        // Only this test's customers: the other test may have sent a "split" request of its own before.
        java.util.function.Supplier<List<JsonNode>> ours = () -> gateway.ledger().stream()
                .filter(r -> "split".equals(r.path("feature").asText()))
                .filter(r -> r.path("customer").asText().matches("cust-\\d+")).toList();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ours.get().size() >= 2 * CUSTOMERS);
        List<JsonNode> rows = ours.get();
        assertThat(rows).hasSize(2 * CUSTOMERS);
        Map<String, String> armByCustomer = new HashMap<>();
        Map<String, Long> count = new HashMap<>();
        Map<String, BigDecimal> cost = new HashMap<>();
        for (JsonNode row : rows) {
            assertThat(row.path("route_experiment").asText()).isEqualTo("mini-test");
            String arm = row.path("route_arm").asText();
            assertThat(arm).isIn("control", "treatment");
            assertThat(row.path("routed_model").asText()).isEqualTo(arm.equals("control") ? "gpt-4o" : "gpt-4o-mini");
            assertThat(row.path("requested_model").asText()).isEqualTo("gpt-4o");
            String customer = row.path("customer").asText();
            assertThat(armByCustomer.computeIfAbsent(customer, k -> arm)).as("ledger arm of %s", customer)
                    .isEqualTo(arm);
            count.merge(arm, 1L, Long::sum);
            cost.merge(arm, new BigDecimal(row.path("cost_usd").asText()), BigDecimal::add);
        }
        String scrape = gateway.scrape();
        for (String arm : List.of("control", "treatment")) {
            Map<String, String> labels = Map.of("route_experiment", "mini-test", "arm", arm);
            assertThat(PromText.sum(scrape, "llm_experiment_requests_total", labels)).as("requests of %s", arm)
                    .isEqualByComparingTo(BigDecimal.valueOf(count.getOrDefault(arm, 0L)));
            assertThat(PromText.sum(scrape, "llm_experiment_cost_usd_total", labels)).as("cost of %s", arm)
                    .isEqualByComparingTo(cost.getOrDefault(arm, BigDecimal.ZERO));
        }
        // Each arm is priced at its own model: 86 uncached + 1920 cached input, 300 output tokens.
        assertThat(cost.get("control")).isEqualByComparingTo(new BigDecimal("0.005615")
                .multiply(BigDecimal.valueOf(count.get("control"))));
        assertThat(cost.get("treatment")).isEqualByComparingTo(new BigDecimal("0.0003369")
                .multiply(BigDecimal.valueOf(count.get("treatment"))));
    }

    @Test
    void callersOwnExperimentHeaderIsRecordedApartFromTheRoutingExperiment() throws Exception {
        HttpResponse<String> r = chat("split-own", "cust-own", "prompt-v2");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Model")).as("no experiment matches feature split-own")
                .hasValue("gpt-4o");
        JsonNode row = RetryAndFallbackIntegrationTest.rows(gateway, "split-own", 1).get(0);
        assertThat(row.path("experiment").asText()).isEqualTo("prompt-v2");
        assertThat(row.path("route_experiment").isNull() || row.path("route_experiment").isMissingNode()).isTrue();

        HttpResponse<String> both = chat("split-mixed", "cust-own", "prompt-v3");
        assertThat(both.statusCode()).isEqualTo(200);
        JsonNode mixed = gateway.awaitLedger(both.headers().firstValue("X-LLM-Request-Id").orElseThrow());
        assertThat(mixed.path("experiment").asText()).isEqualTo("prompt-v3");
        assertThat(mixed.path("route_experiment").asText()).isEqualTo("other-test");
        assertThat(mixed.path("route_arm").asText()).isIn("a", "b");
    }
}
