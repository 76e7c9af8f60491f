package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.spendgate.testkit.BlockHoundGateway;
import dev.spendgate.testkit.WireFixtures;
import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, "no event-loop blocking": the gateway runs in a child JVM under BlockHound ({@link BlockHoundGateway}),
 * with the production logging config and every feature on (attribution, two budgets, a rate limit, a cap, the
 * ledger, metrics, the access log, retries and a fallback), and serves concurrent OpenAI and Anthropic requests,
 * JSON and streams, a 200 KB prompt, a model with the second tokenizer (loaded lazily), a 429 retried then fallen
 * back from, and the admin endpoints. Any blocking call on an event loop is reported by the child and fails the
 * test; the child's self-test proves the detector was installed and catching.
 */
class EventLoopBlockingIntegrationTest {

    private static final Pattern LISTENING = Pattern.compile("gateway listening on [^:]+:(\\d+) \\(admin (\\d+)\\)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static WireMockServer provider;
    private static Process child;
    private static Path log;
    private static int port;
    private static int adminPort;

    @BeforeAll
    static void start() throws Exception {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        provider.stubFor(chat("up-mini", false).willReturn(body("application/json", "openai-chat.json")));
        provider.stubFor(chat("up-mini", true).willReturn(body("text/event-stream", "openai-chat-stream.sse")));
        provider.stubFor(chat("gpt-4-0613", false).willReturn(body("application/json", "openai-chat.json")));
        provider.stubFor(chat("up-429", false).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", "0")
                .withBody(WireFixtures.bytes("openai-error-429.json"))));
        provider.stubFor(messages(false).willReturn(body("application/json", "anthropic-messages.json")));
        provider.stubFor(messages(true).willReturn(body("text/event-stream", "anthropic-messages-stream.sse")));
        Path dir = Files.createTempDirectory("spendgate-blockhound");
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, config(dir.resolve("ledger")));
        log = dir.resolve("gateway.log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xss1m", "-XX:TieredStopAtLevel=1",
                "-XX:+AllowRedefinitionToAddDeleteMethods", "-Dlogback.configurationFile=logback.xml", "-cp", cp,
                BlockHoundGateway.class.getName(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPENAI_API_KEY", "sk-provider-key");
        pb.environment().put("ANTHROPIC_API_KEY", "sk-ant-provider-key");
        child = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(log());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                adminPort = Integer.parseInt(m.group(2));
                return;
            }
            assertThat(child.isAlive()).as("the gateway exited early:\n%s", log()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the gateway did not start within 90 s:\n" + log());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (child != null) {
                child.destroy();
                if (!child.waitFor(20, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        } finally {
            provider.stop();
        }
    }

    private static String config(Path ledger) {
        return """
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "%2$s"}
                routing: {retry: {max_attempts: 3, initial_backoff: 5ms, max_backoff: 20ms}}
                providers:
                  oa: {type: openai, base_url: "%1$s/v1", api_key: "${OPENAI_API_KEY}"}
                  an: {type: anthropic, base_url: "%1$s", api_key: "${ANTHROPIC_API_KEY}"}
                models:
                  mini: {provider: oa, upstream_model: up-mini, price: {input: 0.15, cached_input: 0.075, output: 0.6}}
                  gpt-4: {provider: oa, upstream_model: gpt-4-0613, price: {input: 30, output: 60}}
                  limited:
                    provider: oa
                    upstream_model: up-429
                    price: {input: 1, output: 4}
                    fallbacks: [mini]
                  claude: {provider: an, upstream_model: up-claude, price: {input: 1, output: 5}}
                guardrails:
                  caps:
                    - {name: output-cap, match: {feature: search}, max_output_tokens: 4096}
                  budgets:
                    - name: team-monthly
                      match: {team: search}
                      window: month
                      limit_usd: 1000000
                      actions: [{at: 0.8, action: warn}, {at: 1.0, action: block}]
                    - {name: customer-daily, match: {feature: search}, per: customer, limit_usd: 1000}
                  rate_limits:
                    - {name: customer-minute, match: {feature: search}, per: customer,
                       requests_per_minute: 100000, tokens_per_minute: 1000000000}
                """.formatted(provider.baseUrl(), ledger.toString().replace("\\", "/"));
    }

    private static MappingBuilder chat(String model, boolean stream) {
        return post(urlEqualTo("/v1/chat/completions")).withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .withRequestBody(matchingJsonPath("$.stream", equalTo(Boolean.toString(stream))));
    }

    private static MappingBuilder messages(boolean stream) {
        return post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo(Boolean.toString(stream))));
    }

    private static ResponseDefinitionBuilder body(String type, String fixture) {
        return aResponse().withHeader("Content-Type", type).withBody(WireFixtures.bytes(fixture));
    }

    private static String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static HttpRequest openAi(String model, boolean stream, String text, int customer) {
        return request("/v1/chat/completions", customer, "{\"model\":\"" + model + "\",\"stream\":" + stream
                + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
    }

    private static HttpRequest anthropic(boolean stream, int customer) {
        return request("/v1/messages", customer, "{\"model\":\"claude\",\"max_tokens\":256,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}");
    }

    private static HttpRequest request(String path, int customer, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer caller").header("x-api-key", "caller")
                .header("anthropic-version", "2023-06-01")
                .header("X-LLM-Feature", "search").header("X-LLM-Team", "search")
                .header("X-LLM-Customer", "c" + customer).header("X-LLM-Tier", "pro")
                .header("X-LLM-Session", "s" + (customer % 3))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    @Test
    void noBlockingCallOnAnEventLoopUnderMixedConcurrentTraffic() throws Exception {
        assertThat(log()).as("BlockHound's self-test: a sleep on an event loop must be caught")
                .contains(BlockHoundGateway.SELF_TEST_OK);
        String big = "lorem ipsum dolor sit amet ".repeat(200_000 / 27);
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(openAi("mini", false, "Hello number " + i, i));
            requests.add(openAi("mini", true, "Stream number " + i, i));
            requests.add(anthropic(i % 2 == 0, i));
        }
        requests.add(openAi("gpt-4", false, "The other tokenizer", 1));
        requests.add(openAi("limited", false, "Retried, then a fallback", 2));
        requests.add(openAi("mini", false, big, 3));
        requests.add(openAi("mini", true, big, 4));
        for (int round = 0; round < 3; round++) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (HttpRequest r : requests) {
                sent.add(HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : sent) {
                HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as("%s %s", r.request().uri(), r.body()).isEqualTo(200);
            }
        }
        for (String path : List.of("/metrics", "/admin/budgets", "/admin/routes")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                    + path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
        Thread.sleep(500);
        String out = log();
        assertThat(out).as("requests were served and logged").contains("outcome=success");
        assertThat(out).as("blocking calls on event loops (stacks in the gateway's output)")
                .doesNotContain(BlockHoundGateway.MARK + " ");
    }
}
