package dev.spendgate.bench;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.ConfigLoader;
import dev.spendgate.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The end-to-end benchmark's fixtures and config, read from the classpath (copies of bench/fixtures). */
final class BenchFixtures {

    private BenchFixtures() {
    }

    /** A resource under {@code /bench/}. */
    static byte[] bytes(String name) {
        try (InputStream in = BenchFixtures.class.getResourceAsStream("/bench/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /bench/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gateway config of the end-to-end benchmark (every feature on). */
    static GatewayConfig config() {
        String yaml = new String(bytes("gateway-bench.yaml"), StandardCharsets.UTF_8);
        return ConfigLoader.parse(yaml, "gateway-bench.yaml", Map.of("LEDGER_DIR", System.getProperty(
                "java.io.tmpdir") + "/spendgate-jmh-ledger"));
    }

    /** The attributions of {@code n} customers of the bench's search feature (customer {@code c0}, {@code c1}...). */
    static Attribution[] customers(int n) {
        Attribution[] out = new Attribution[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Attribution("search", "search", "c" + i, "pro", "unattributed", "bench", "s1");
        }
        return out;
    }

    /** A chat request whose user message is about {@code size} bytes (the "large prompt" case). */
    static byte[] largeRequest(int size) {
        StringBuilder text = new StringBuilder(size + 80);
        while (text.length() < size) {
            text.append("Summarise the following search results and keep the citations intact. ");
        }
        return ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text
                + "\"}],\"max_tokens\":128,\"stream\":true}").getBytes(StandardCharsets.UTF_8);
    }
}
