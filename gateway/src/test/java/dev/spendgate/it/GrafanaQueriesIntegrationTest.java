package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.config.ConfigLoader;
import dev.spendgate.demo.SimulatedProvider;
import dev.spendgate.demo.SimulatorOptions;
import dev.spendgate.demo.TrafficGenerator;
import dev.spendgate.demo.TrafficOptions;
import dev.spendgate.server.GatewayServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every panel query of both Grafana boards, run by a real Prometheus that scraped a gateway under the demo's
 * traffic (features, tiers, customers, an experiment), plus a few requests that fail upstream and hit a rate
 * limit, so error and guardrail panels have data. Also runs promtool on the repo's config and alert rules.
 * Needs {@code prometheus} and {@code promtool} on PATH: {@code .ci/run} installs Debian's package when missing.
 */
class GrafanaQueriesIntegrationTest {

    private static final Path REPO = Path.of("..");
    /** The review period stands in for a week: [10s] compared with [10s] offset 10s. */
    private static final String PERIOD = "10s";

    @TempDir
    Path dir;

    @Test
    void everyPanelQueryOfBothBoardsReturnsDataFromAScrapedGateway() throws Exception {
        Map<String, String> env = Map.of("GATEWAY_PORT", "0", "ADMIN_PORT", "0", "LEDGER_DIR",
                dir.resolve("ledger").toString());
        try (SimulatedProvider sim = SimulatedProvider.start(SimulatorOptions.fast());
             GatewayServer gateway = GatewayServer.start(ConfigLoader.loadResource("demo.yaml", withSim(env, sim)));
             PrometheusProcess prometheus = PrometheusProcess.start(gateway.adminPort(), dir)) {
            TrafficGenerator traffic = TrafficGenerator.start(TrafficOptions.defaults(
                    URI.create("http://127.0.0.1:" + gateway.port())).withRate(40).withMaxConcurrency(32));
            try {
                failingAndLimitedRequests(gateway.port());
                List<DashboardQueries.Query> queries = new ArrayList<>();
                Map<String, String> all = Map.of("environment", ".*", "feature", ".*", "team", ".*", "tier", ".*",
                        "provider", ".*", "period", PERIOD, "__rate_interval", "5s");
                Map<String, String> production = new java.util.HashMap<>(all);
                production.put("environment", "production");
                DashboardQueries spend = new DashboardQueries(REPO.resolve("grafana/dashboards/llm-spend-review.json"));
                DashboardQueries ops =
                        new DashboardQueries(REPO.resolve("grafana/dashboards/llm-gateway-operations.json"));
                queries.addAll(spend.queries(all));
                queries.addAll(spend.queries(production));
                queries.addAll(ops.queries(all));
                assertThat(queries).as("both boards have panels").hasSizeGreaterThan(40);
                // Enough history for "offset $period": poll until every query answers with data (or time out).
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThat(emptyOrFailing(prometheus, queries)).isEmpty());
                for (DashboardQueries.Variable v : concat(spend.variables(), ops.variables())) {
                    assertThat(prometheus.labelValues(v.label(), v.metric())).as("variable " + v.name())
                            .isNotEmpty();
                }
            } finally {
                // Let requests in flight finish before the gateway closes (as DemoMode does): a request cut by
                // the close is another test's subject, and would leave its buffers to the leak detector.
                traffic.drain(Duration.ofSeconds(10));
                traffic.stop();
            }
        }
    }

    @Test
    void promtoolAcceptsTheConfigAndTheRulesAndTheirUnitTestsPass() throws Exception {
        promtool("check", "config", REPO.resolve("config/prometheus.yml").toString());
        promtool("check", "rules", REPO.resolve("config/alerts/spendgate-rules.yml").toString());
        promtool("test", "rules", REPO.resolve("config/alerts/spendgate-rules.test.yml").toString(),
                REPO.resolve("config/alerts/spendgate-rules-weekly.test.yml").toString());
    }

    private static List<String> emptyOrFailing(PrometheusProcess prometheus, List<DashboardQueries.Query> queries)
            throws InterruptedException {
        List<String> bad = new ArrayList<>();
        for (DashboardQueries.Query q : queries) {
            try {
                JsonNode data = prometheus.query(q.promql());
                if (data.path("result").isEmpty()) {
                    bad.add(q.where() + ": empty: " + q.promql());
                }
            } catch (IOException | IllegalStateException e) {
                bad.add(q.where() + ": " + e.getMessage() + ": " + q.promql());
            }
        }
        return bad;
    }

    /** Requests the simulator fails (500) and a burst past the free tier's per-customer rate limit (30/min). */
    private static void failingAndLimitedRequests(int port) throws Exception {
        // HTTP/1.1: the JDK client's default h2c upgrade attempt is not what SDKs send.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/chat/completions")).timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json").header("authorization", "Bearer sim")
                    .header("X-LLM-Feature", "summarize").header("X-LLM-Team", "content")
                    .header("X-LLM-Tier", "free").header("X-LLM-Customer", "burst-customer")
                    .header("X-LLM-Env", "production");
            if (i < 5) {
                r.header("x-sim-fault", "500");
            }
            sent.add(http.sendAsync(r.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        // A straggler does not matter: the panels need some failures and some refusals, not all of them.
        java.util.concurrent.CompletableFuture.allOf(sent.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                .handle((v, e) -> null).get(15, TimeUnit.SECONDS);
    }

    private static void promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done && p.exitValue() == 0).as(String.join(" ", cmd) + "\n" + output).isTrue();
    }

    private static Map<String, String> withSim(Map<String, String> env, SimulatedProvider sim) {
        Map<String, String> out = new java.util.HashMap<>(env);
        out.put("SIM_OPENAI_BASE_URL", sim.openAiBaseUrl());
        out.put("SIM_ANTHROPIC_BASE_URL", sim.anthropicBaseUrl());
        return out;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static {
        // mvn -B verify must work on a machine with only a JDK and Maven: install prometheus when missing.
        dev.spendgate.testkit.PrometheusInstall.ensure();
    }
}
