package dev.spendgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.testkit.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line refuses an invalid config with every problem listed, and validates a good one. */
class GatewayMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return runWith(Map.of(), args);
    }

    private int runWith(Map<String, String> env, String... args) {
        return GatewayMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    @Test
    void invalidConfigRefusesToStartAndListsEveryError() throws Exception {
        Path bad = Files.createTempFile("bad", ".yaml");
        Files.writeString(bad, """
                server:
                  port: 99999
                providers:
                  openai:
                    type: opnai
                    base_url: not a url
                    api_key: sk-x
                models:
                  gpt-4o:
                    provider: nowhere
                    price: {input: -1, output: 10}
                """);
        assertThat(run("--config", bad.toString())).isEqualTo(2);
        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(errors).contains("server.port").contains("providers.openai.type")
                .contains("providers.openai.base_url").contains("models.gpt-4o.provider")
                .contains("models.gpt-4o.price.input");
        assertThat(errors).as("secrets are never echoed").doesNotContain("sk-x");
    }

    @Test
    void exampleConfigValidatesWithCheck() {
        assertThat(runWith(Map.of("OPENAI_API_KEY", "sk-a", "ANTHROPIC_API_KEY", "sk-b"),
                "--config", "../config/gateway.yaml", "--check")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("config OK");
    }

    @Test
    void exampleConfigWithoutKeysNamesTheMissingVariables() {
        assertThat(run("--config", "../config/gateway.yaml", "--check")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("OPENAI_API_KEY").contains("ANTHROPIC_API_KEY");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"port", "admin_port"})
    void aPortInUseIsAOneLineError(String key, @TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String yaml = TestConfigs.standard("http://127.0.0.1:9", "http://127.0.0.1:9", dir.resolve("ledger"))
                    .replace("  " + key + ": 0", "  " + key + ": " + taken.getLocalPort());
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, yaml);
            assertThat(runWith(Map.of("OPENAI_API_KEY", "sk-secret-a", "ANTHROPIC_API_KEY", "sk-secret-b"),
                    "--config", config.toString())).isEqualTo(2);
        }
        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(errors).startsWith("cannot listen on ").contains("server." + key).doesNotContain("sk-secret")
                .doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void missingConfigFileIsAClearError() {
        assertThat(run("--config", "/nonexistent/gateway.yaml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("config file not found");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage:");
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
}
