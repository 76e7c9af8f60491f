package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hot reload validates the whole new config first: a bad file is refused with every error and the running config
 * stays; a good one is applied, and budgets whose counting did not change keep the spend they counted.
 */
class HotReloadIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String config(String baseUrl, String extraModel, int limitRequests) {
        return """
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                providers:
                  openai: {type: openai, base_url: %s, api_key: "${OPENAI_API_KEY}"}
                models:
                  gpt-5-mini: {provider: openai, price: {input: 0.25, cached_input: 0.025, output: 2}}
                %s
                guardrails:
                  budgets:
                    - {name: daily-requests, match: {feature: reload}, limit_requests: %d}
                """.formatted(baseUrl, extraModel, limitRequests);
    }

    private static HttpResponse<String> reload(TestGateway gw) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.adminUrl() + "/admin/reload"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badFileIsRefusedWithEveryErrorAndGoodFileIsAppliedKeepingBudgetState() throws Exception {
        try (FixtureProvider fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-5-mini", false, "openai-chat.json")
                .replay("/v1/chat/completions", "gpt-5", false, "openai-chat.json")) {
            Path file = Files.createTempFile("gateway", ".yaml");
            Files.writeString(file, config(fixtures.openAiBaseUrl(), "", 3));
            TestGateway gw = TestGateway.startFile(file);
            try {
                Map<String, String> h = Map.of("X-LLM-Feature", "reload");
                assertThat(GuardrailsIntegrationTest.chat(gw, "gpt-5-mini", h, "").statusCode()).isEqualTo(200);
                assertThat(GuardrailsIntegrationTest.chat(gw, "gpt-5-mini", h, "").statusCode()).isEqualTo(200);

                Files.writeString(file, config(fixtures.openAiBaseUrl(), "  gpt-5: {provider: nowhere}", 3)
                        .replace("limit_requests: 3", "limit_requests: -1"));
                HttpResponse<String> refused = reload(gw);
                assertThat(refused.statusCode()).isEqualTo(400);
                JsonNode errors = JSON.readTree(refused.body()).path("errors");
                assertThat(errors.toString()).contains("models.gpt-5.provider").contains("limit_requests");
                assertThat(GuardrailsIntegrationTest.chat(gw, "gpt-5", h, "").statusCode())
                        .as("the running config stays").isEqualTo(404);

                Files.writeString(file, config(fixtures.openAiBaseUrl(),
                        "  gpt-5: {provider: openai, price: {input: 1.25, output: 10}}", 3));
                HttpResponse<String> applied = reload(gw);
                assertThat(applied.statusCode()).isEqualTo(200);
                assertThat(GuardrailsIntegrationTest.chat(gw, "gpt-5", h, "").statusCode())
                        .as("the new model serves, and the third request of the budget fits").isEqualTo(200);
                assertThat(GuardrailsIntegrationTest.chat(gw, "gpt-5", h, "").statusCode())
                        .as("the budget kept its two requests across the reload: the fourth is refused")
                        .isEqualTo(429);
            } finally {
                gw.close();
            }
        }
        LeakAssertions.assertNoLeaks();
    }
}
