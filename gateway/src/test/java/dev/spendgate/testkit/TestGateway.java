package dev.spendgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spendgate.config.ConfigLoader;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.server.GatewayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real gateway for integration tests: proxy and admin on port 0, ledger in a temp folder, providers pointing at
 * the test's fakes. Built through the real config loader from YAML, so tests exercise what users write.
 */
public final class TestGateway implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayServer server;
    private final Path ledgerDir;

    private TestGateway(GatewayServer server, Path ledgerDir) {
        this.server = server;
        this.ledgerDir = ledgerDir;
    }

    /**
     * Starts a gateway.
     *
     * @param openAiBaseUrl    base URL of the fake OpenAI provider (ending in /v1)
     * @param anthropicBaseUrl base URL of the fake Anthropic provider (host root)
     * @param extraYaml        more top-level YAML appended (may be empty)
     */
    public static TestGateway start(String openAiBaseUrl, String anthropicBaseUrl, String extraYaml) {
        try {
            Path ledger = Files.createTempDirectory("spendgate-ledger");
            String yaml = TestConfigs.standard(openAiBaseUrl, anthropicBaseUrl, ledger) + extraYaml;
            GatewayConfig config = ConfigLoader.parse(yaml, "test.yaml", Map.of("OPENAI_API_KEY", "sk-provider-key",
                    "ANTHROPIC_API_KEY", "sk-ant-provider-key"));
            return new TestGateway(GatewayServer.start(config), ledger);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a gateway from a whole YAML config; {@code LEDGER_DIR} in it is resolved to a fresh temp folder and
     * the provider keys of {@link #start} are in the environment.
     */
    public static TestGateway startYaml(String yaml) {
        try {
            Path ledger = Files.createTempDirectory("spendgate-ledger");
            GatewayConfig config = ConfigLoader.parse(yaml, "test.yaml", Map.of("OPENAI_API_KEY", "sk-provider-key",
                    "ANTHROPIC_API_KEY", "sk-ant-provider-key", "LEDGER_DIR", ledger.toString()));
            return new TestGateway(GatewayServer.start(config), ledger);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a gateway from a YAML file (hot reload on), {@code LEDGER_DIR} resolved to a fresh temp folder.
     */
    public static TestGateway startFile(Path yaml) {
        try {
            Path ledger = Files.createTempDirectory("spendgate-ledger");
            Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-provider-key", "ANTHROPIC_API_KEY",
                    "sk-ant-provider-key", "LEDGER_DIR", ledger.toString());
            return new TestGateway(GatewayServer.start(ConfigLoader.load(yaml, env), yaml, env), ledger);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a gateway from YAML reusing an existing ledger folder (a restart). */
    public static TestGateway restart(String yaml, Path ledgerDir) {
        GatewayConfig config = ConfigLoader.parse(yaml, "test.yaml", Map.of("OPENAI_API_KEY", "sk-provider-key",
                "ANTHROPIC_API_KEY", "sk-ant-provider-key", "LEDGER_DIR", ledgerDir.toString()));
        return new TestGateway(GatewayServer.start(config), ledgerDir);
    }

    /** The OpenAI SDK base URL of this gateway. */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /** The Anthropic SDK base URL of this gateway. */
    public String anthropicBaseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The proxy base URL (host root). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The admin base URL (host root). */
    public String adminUrl() {
        return "http://127.0.0.1:" + server.adminPort();
    }

    /** The folder the ledger files are written to. */
    public Path ledgerDir() {
        return ledgerDir;
    }

    /** The running server. */
    public GatewayServer server() {
        return server;
    }

    /** The Prometheus text the admin port would serve. */
    public String scrape() {
        return server.meters().scrape();
    }

    /** All ledger lines written so far, parsed. */
    public List<JsonNode> ledger() {
        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(ledgerDir)) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        rows.add(JSON.readTree(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Waits (bounded) until the ledger has a line for {@code requestId}, and returns it. */
    public JsonNode awaitLedger(String requestId) {
        JsonNode[] found = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (JsonNode row : ledger()) {
                if (row.path("request_id").asText().equals(requestId)) {
                    found[0] = row;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Waits (bounded) until the ledger has at least {@code n} lines, and returns them. */
    public List<JsonNode> awaitLedgerSize(int n) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> ledger().size() >= n);
        return ledger();
    }

    @Override
    public void close() {
        server.close();
    }
}
