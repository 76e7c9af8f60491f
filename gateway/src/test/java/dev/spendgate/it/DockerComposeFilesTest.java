package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml references only files that exist, and the pieces fit: Prometheus loads the alert rules
 * from where they are mounted, Grafana's provider reads the folder the boards are mounted in, its datasource
 * has the uid every panel uses. ({@code docker-compose config -q} validates the schema; it runs in review, not
 * here, since CI has no Docker.)
 */
class DockerComposeFilesTest {

    private static final Path REPO = Path.of("..");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyBindMountAndBuildContextExists() throws Exception {
        JsonNode services = YAML.readTree(REPO.resolve("docker-compose.yml").toFile()).path("services");
        assertThat(services.fieldNames()).toIterable().contains("gateway", "demo", "prometheus", "grafana");
        for (Map.Entry<String, JsonNode> s : (Iterable<Map.Entry<String, JsonNode>>) services::fields) {
            if (s.getValue().has("build")) {
                assertThat(REPO.resolve(s.getValue().path("build").asText()).resolve("Dockerfile")).exists();
            }
            for (JsonNode v : s.getValue().path("volumes")) {
                String source = v.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(REPO.resolve(source)).as(s.getKey() + " mounts " + source).exists();
                }
            }
        }
        assertThat(services.path("demo").path("profiles").toString()).contains("demo");
        assertThat(services.path("gateway").path("volumes").toString()).contains("ledger:/data/ledger");
    }

    @Test
    void prometheusAndGrafanaFindWhatIsMountedForThem() throws Exception {
        JsonNode prom = YAML.readTree(REPO.resolve("config/prometheus.yml").toFile());
        for (JsonNode rules : prom.path("rule_files")) {
            assertThat(REPO.resolve("config").resolve(rules.asText())).exists();
        }
        assertThat(prom.path("scrape_configs").toString()).contains("gateway:9090");
        JsonNode provider = YAML.readTree(REPO.resolve("grafana/provisioning/dashboards/spendgate.yml").toFile());
        assertThat(provider.path("providers").get(0).path("options").path("path").asText())
                .isEqualTo("/var/lib/grafana/dashboards");
        JsonNode ds = YAML.readTree(REPO.resolve("grafana/provisioning/datasources/prometheus.yml").toFile());
        String uid = ds.path("datasources").get(0).path("uid").asText();
        for (String board : new String[] {"llm-spend-review.json", "llm-gateway-operations.json"}) {
            String json = Files.readString(REPO.resolve("grafana/dashboards").resolve(board));
            assertThat(json).contains("\"uid\": \"" + uid + "\"").doesNotContain("${DS_");
        }
    }
}
