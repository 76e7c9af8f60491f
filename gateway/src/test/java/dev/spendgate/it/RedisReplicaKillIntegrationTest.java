package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.spendgate.testkit.PromText;
import dev.spendgate.testkit.RedisServer;
import dev.spendgate.testkit.TestGateway;
import dev.spendgate.testkit.WireFixtures;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, "a replica killed mid-request: its reservation is released after the lease", with a real process kill.
 * Replica A runs in its own JVM (so SIGKILL takes it down with no shutdown hook, no settle and no release), replica
 * B in this one; both share a real redis-server and one budget. A's request hangs on a provider that answers only
 * after 30 s; once B sees A's reservation, A is killed. The reservation keeps holding the fleet's budget right
 * after the kill, is gone within the lease (plus a margin) as B reports it (admin API and metrics), nothing of it
 * was charged as spend, and B can then use the whole budget.
 */
class RedisReplicaKillIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short, but with room for the checks made while it runs on two busy shared cores (1 s is the minimum). */
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Pattern LISTENING = Pattern.compile("gateway listening on [^:]+:(\\d+) \\(admin (\\d+)\\)");
    /** One request of 1000 output tokens reserves about 0.0006 USD; a 1600-token one about 0.00096. */
    private static final String LIMIT = "0.001";
    private static final String SLOW_MARK = "slow-request-for-replica-a";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RedisServer redis;
    private static WireMockServer provider;
    private static @Nullable Process replicaA;
    private static Path workDir;
    private static Path replicaLog;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startNew();
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        byte[] body = WireFixtures.bytes("openai-chat.json");
        provider.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(5)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
        provider.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing(SLOW_MARK))
                .willReturn(aResponse().withFixedDelay(30_000).withHeader("Content-Type", "application/json")
                        .withBody(body)));
        workDir = Files.createTempDirectory("spendgate-kill");
        replicaLog = workDir.resolve("replica-a.log");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            Process a = replicaA;
            if (a != null) {
                a.destroyForcibly();
                a.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            try {
                provider.stop();
            } finally {
                redis.close();
            }
        }
    }

    private static String config(String prefix, String ledgerDir) {
        return """
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "%s"}
                state: {store: redis, url: "%s", key_prefix: "%s", timeout: 500ms, lease: %ds,
                        on_unavailable: fail_closed}
                providers:
                  mock: {type: openai, base_url: "%s/v1", api_key: "${OPENAI_API_KEY}"}
                models:
                  gpt-4o-mini: {provider: mock, price: {input: 0.15, cached_input: 0.075, output: 0.6}}
                guardrails:
                  budgets:
                    - {name: fleet, match: {feature: shared}, limit_usd: %s}
                """.formatted(ledgerDir, redis.url(), prefix, LEASE.toSeconds(), provider.baseUrl(), LIMIT);
    }

    /** Starts replica A as its own JVM and returns its proxy port once it logs that it listens. */
    private static int startReplicaA(String yaml) throws Exception {
        Path file = workDir.resolve("replica-a.yaml");
        Files.writeString(file, yaml);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Under surefire java.class.path may be a manifest-only booter jar; surefire.test.class.path is the real one.
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xss1m", "-XX:TieredStopAtLevel=1", "-cp", cp,
                "dev.spendgate.GatewayMain", "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(replicaLog.toFile());
        pb.environment().clear();
        pb.environment().put("OPENAI_API_KEY", "sk-provider-key");
        replicaA = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(replicaLog, StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertThat(replicaA.isAlive()).as("replica A exited early:\n%s", log()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("replica A did not start within 60 s:\n" + log());
    }

    private static String log() {
        try {
            return Files.readString(replicaLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static HttpRequest chat(String baseUrl, int maxTokens, String text) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("X-LLM-Feature", "shared")
                .header("Authorization", "Bearer caller")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"max_tokens\":" + maxTokens
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}"))
                .build();
    }

    /** {@code current} of the one budget, as B's admin API reports it (read from Redis). */
    private static JsonNode current(TestGateway b) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(b.adminUrl() + "/admin/budgets"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("budgets").get(0).path("current");
    }

    private static BigDecimal usd(JsonNode amount) {
        return new BigDecimal(amount.path("usd").asText("0"));
    }

    private static BigDecimal metric(TestGateway b, String name) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(b.adminUrl() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains(name + "{");
        return PromText.sum(r.body(), name, Map.of("budget", "fleet"));
    }

    @Test
    void aKilledReplicasReservationIsReleasedAfterTheLeaseAndNeverCharged() throws Exception {
        String prefix = "kill-" + UUID.randomUUID() + ":";
        Path ledgerA = Files.createDirectories(workDir.resolve("ledger-a"));
        int portA = startReplicaA(config(prefix, ledgerA.toString()));
        Process a = replicaA;
        try (TestGateway b = TestGateway.startYaml(config(prefix, "${LEDGER_DIR}"))) {
            assertThat(usd(current(b).path("reserved"))).isZero();

            CompletableFuture<HttpResponse<String>> hanging = HTTP.sendAsync(
                    chat("http://127.0.0.1:" + portA + "/v1", 1000, SLOW_MARK), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> seen = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .failFast("replica A died", () -> !a.isAlive())
                    .untilAsserted(() -> {
                        JsonNode c = current(b);
                        seen.add(c);
                        assertThat(usd(c.path("reserved"))).isPositive();
                        assertThat(provider.getAllServeEvents()).as("A's request reached the provider").isNotEmpty();
                    });
            long observed = System.nanoTime();
            JsonNode held = seen.get(seen.size() - 1);
            assertThat(usd(held.path("reserved"))).isGreaterThan(new BigDecimal("0.0005"));
            assertThat(held.path("reserved").path("requests").asLong()).isEqualTo(1);

            a.destroyForcibly();
            assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(a.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            // Right after the kill nothing has released the reservation: it still holds the fleet's budget.
            JsonNode afterKill = current(b);
            long afterKillAt = System.nanoTime();
            assertThat(Duration.ofNanos(afterKillAt - observed)).as("checked within the lease").isLessThan(LEASE);
            assertThat(usd(afterKill.path("reserved"))).isEqualByComparingTo(usd(held.path("reserved")));
            assertThat(usd(afterKill.path("spent"))).isZero();
            HttpResponse<String> refused = HTTP.send(chat(b.openAiBaseUrl(), 1600, "refused while A's lease runs"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(Duration.ofNanos(System.nanoTime() - observed)).as("refused within the lease").isLessThan(LEASE);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(hanging).failsWithin(Duration.ofSeconds(10));

            // Within the lease (from when it was first seen) plus a margin, the reservation is gone.
            Awaitility.await().atMost(LEASE.plusSeconds(3)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                JsonNode c = current(b);
                assertThat(usd(c.path("reserved"))).isZero();
                assertThat(c.path("reserved").path("requests").asLong()).isZero();
            });
            assertThat(Duration.ofNanos(System.nanoTime() - observed)).isLessThan(LEASE.plusSeconds(3));
            JsonNode lapsed = current(b);
            assertThat(usd(lapsed.path("spent"))).as("nothing of A's request was charged").isZero();
            assertThat(lapsed.path("spent").path("requests").asLong()).isZero();
            assertThat(metric(b, "llm_budget_reserved_usd")).isZero();
            assertThat(metric(b, "llm_budget_spent_usd")).isZero();

            // The whole budget is B's again: a request reserving almost all of it (0.00096 of 0.001) is served.
            HttpResponse<String> big = HTTP.send(chat(b.openAiBaseUrl(), 1600, "use the whole budget"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).as(big.body()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(usd(current(b).path("spent"))).isPositive());
        }
    }
}
