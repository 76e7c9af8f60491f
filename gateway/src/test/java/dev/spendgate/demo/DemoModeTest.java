package dev.spendgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.ledger.LedgerReader;
import dev.spendgate.testkit.PromText;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The embedded default a newcomer runs: within seconds, cost for several features in metrics and the ledger. */
class DemoModeTest {

    @Test
    void demoFillsMetricsWithCostForSeveralFeaturesAndWritesTheLedger() throws Exception {
        Path ledger = Files.createTempDirectory("demo-ledger");
        try (DemoMode demo = DemoMode.start(new String[] {"demo", "--rps", "20"},
                Map.of("GATEWAY_PORT", "0", "ADMIN_PORT", "0", "LEDGER_DIR", ledger.toString()))) {
            Awaitility.await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(250))
                    .until(() -> featuresWithCost(demo.gateway().meters().scrape()).size() >= 3);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !LedgerReader.readAll(ledger).isEmpty());
            String scrape = demo.gateway().meters().scrape();
            assertThat(PromText.sum(scrape, "llm_cost_usd_total", Map.of("feature", "unattributed")))
                    .as("the demo shows unattributed spend too").isPositive();
            assertThat(demo.banner()).contains("/metrics").contains(ledger.toAbsolutePath().normalize().toString());
        }
    }

    private static Set<String> featuresWithCost(String scrape) {
        Set<String> features = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("llm_cost_usd_total{")) {
                int i = line.indexOf("feature=\"") + 9;
                String feature = line.substring(i, line.indexOf('"', i));
                if (new BigDecimal(line.substring(line.lastIndexOf(' ') + 1)).signum() > 0
                        && !feature.equals("unattributed")) {
                    features.add(feature);
                }
            }
        }
        return features;
    }
}
