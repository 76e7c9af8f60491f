package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spendgate.demo.SimulatedProvider;
import dev.spendgate.demo.SimulatorOptions;
import dev.spendgate.testkit.RedisServer;
import dev.spendgate.testkit.TestGateway;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several replicas, one budget: two gateways share a real redis-server (started on a free port by this class,
 * installed from Debian's package when missing). Under concurrent load from both sides the fleet's ledger total
 * respects the single-replica invariant; Redis stopped and restarted under load gives bounded-time answers: 503s
 * under fail_closed, served requests whose spend reaches Redis once it returns under fail_open.
 */
class RedisReplicasIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigDecimal LIMIT = new BigDecimal("0.0006");
    private static SimulatedProvider simulator;
    private static RedisServer redis;
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(40)).build();

    @BeforeAll
    static void start() throws Exception {
        simulator = SimulatedProvider.start(SimulatorOptions.fast());
        redis = RedisServer.startNew();
    }

    @AfterAll
    static void stop() throws Exception {
        simulator.close();
        redis.close();
    }

    private static TestGateway replica(String prefix, String policy, String limit) {
        return TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                state: {store: redis, url: "%s", key_prefix: "%s", timeout: 1s, on_unavailable: %s}
                providers:
                  sim: {type: openai, base_url: %s, api_key: sim-key}
                models:
                  gpt-4o-mini: {provider: sim, price: {input: 0.15, cached_input: 0.075, output: 0.6}}
                guardrails:
                  budgets:
                    - {name: fleet, match: {feature: burst}, limit_usd: %s}
                  rate_limits:
                    - {name: fleet-rpm, match: {feature: rated}, requests_per_minute: 6}
                """.formatted(redis.url(), prefix, policy, simulator.openAiBaseUrl(), limit));
    }

    private CompletableFuture<HttpResponse<String>> call(TestGateway g, int i) {
        return call(g, i, "burst");
    }

    private CompletableFuture<HttpResponse<String>> call(TestGateway g, int i, String feature) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(g.openAiBaseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(10)).header("X-LLM-Feature", feature)
                .header("Authorization", "Bearer caller")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"max_tokens\":200,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"Summarize the quarterly report for the board in plain words, request " + i + "\"}]}"))
                .build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString());
    }

    private static BigDecimal ledgerTotal(TestGateway g) {
        return g.ledger().stream().map(r -> new BigDecimal(r.path("cost_usd").asText()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal adminSpent(TestGateway g) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(g.adminUrl() + "/admin/budgets")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode budget = JSON.readTree(r.body()).path("budgets").get(0);
        return new BigDecimal(budget.path("current").path("spent").path("usd").asText("0"));
    }

    @Test
    void twoReplicasUnderConcurrentLoadShareOneBudget() throws Exception {
        String prefix = "it-" + UUID.randomUUID() + ":";
        try (TestGateway a = replica(prefix, "fail_closed", LIMIT.toPlainString());
                TestGateway b = replica(prefix, "fail_closed", LIMIT.toPlainString())) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(call(i % 2 == 0 ? a : b, i));
            }
            int ok = 0;
            int refused = 0;
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                int status = c.get(30, TimeUnit.SECONDS).statusCode();
                ok += status == 200 ? 1 : 0;
                refused += status == 429 ? 1 : 0;
            }
            assertThat(ok + refused).isEqualTo(40);
            assertThat(ok).isPositive();
            assertThat(refused).isPositive();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> a.ledger().size() + b.ledger().size() == 40);
            BigDecimal fleet = ledgerTotal(a).add(ledgerTotal(b));
            assertThat(fleet).as("the fleet's ledger total").isPositive().isLessThanOrEqualTo(LIMIT);
            // Which replica wins the reservations is a race (both are loaded at once); that both count one budget
            // shows in their views: each reports the fleet's spend, not its own.
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(adminSpent(a)).isEqualByComparingTo(fleet);
                assertThat(adminSpent(b)).isEqualByComparingTo(fleet);
            });
        }
    }

    @Test
    void twoReplicasUnderConcurrentLoadShareOneRateLimit() throws Exception {
        String prefix = "rate-" + UUID.randomUUID() + ":";
        try (TestGateway a = replica(prefix, "fail_closed", "10");
                TestGateway b = replica(prefix, "fail_closed", "10")) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(call(i % 2 == 0 ? a : b, i, "rated"));
            }
            int ok = 0;
            int limited = 0;
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                HttpResponse<String> r = c.get(30, TimeUnit.SECONDS);
                ok += r.statusCode() == 200 ? 1 : 0;
                limited += r.statusCode() == 429 && r.body().contains("rate_limited") ? 1 : 0;
            }
            assertThat(ok).as("6 requests per minute for the fleet, not per replica").isEqualTo(6);
            assertThat(limited).isEqualTo(14);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"fail_open", "fail_closed"})
    void redisStoppedAndRestartedDuringLoadNeverHangsARequest(String policy) throws Exception {
        try (TestGateway a = replica("load-" + UUID.randomUUID() + ":", policy, "10")) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int wave = 0; wave < 3; wave++) {
                for (int i = 0; i < 10; i++) {
                    calls.add(call(a, wave * 10 + i, i % 2 == 0 ? "burst" : "rated"));
                }
                Thread.sleep(100);
                if (wave == 0) {
                    redis.stop();
                } else if (wave == 1) {
                    redis.start();
                }
            }
            long t0 = System.nanoTime();
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                int status = c.get(10, TimeUnit.SECONDS).statusCode();
                assertThat(status).as(policy).isIn(policy.equals("fail_open") ? List.of(200, 429)
                        : List.of(200, 429, 503));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                    () -> call(a, 99).get(10, TimeUnit.SECONDS).statusCode() == 200);
        }
    }

    @Test
    void redisDownUnderFailClosedRefusesWith503AndRecovers() throws Exception {
        try (TestGateway a = replica("closed-" + UUID.randomUUID() + ":", "fail_closed", "10")) {
            assertThat(call(a, 0).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            redis.stop();
            try {
                for (int i = 0; i < 6; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = call(a, i).get(10, TimeUnit.SECONDS);
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.body()).contains("state_store_unavailable").contains("Redis");
                }
                assertThat(a.scrape()).contains("llm_state_store_up 0.0");
            } finally {
                redis.start();
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                    () -> call(a, 99).get(10, TimeUnit.SECONDS).statusCode() == 200);
            assertThat(a.scrape()).contains("llm_state_store_up 1.0")
                    .containsPattern("llm_state_store_transitions_total\\{to=\"down\"} 1.0");
        }
    }

    @Test
    void redisDownUnderFailOpenServesAndReconcilesTheSpend() throws Exception {
        String prefix = "open-" + UUID.randomUUID() + ":";
        try (TestGateway a = replica(prefix, "fail_open", "10")) {
            redis.stop();
            try {
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    calls.add(call(a, i));
                }
                for (CompletableFuture<HttpResponse<String>> c : calls) {
                    assertThat(c.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                }
            } finally {
                redis.start();
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> a.ledger().size() == 10);
            BigDecimal spent = ledgerTotal(a);
            // Redis came back empty: what it holds now is exactly the spend counted while it was away.
            try (TestGateway b = replica(prefix, "fail_open", "10")) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(
                        () -> assertThat(adminSpent(b)).isEqualByComparingTo(spent));
            }
        }
    }
}
