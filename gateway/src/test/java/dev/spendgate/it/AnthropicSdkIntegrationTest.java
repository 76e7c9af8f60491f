package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.spendgate.it.OpenAiSdkIntegrationTest.assertSplit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.PromText;
import dev.spendgate.testkit.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK pointed at the gateway, WireMock replaying the byte-exact fixtures: messages
 * streaming and not, thinking + tools, and a stream that fails mid-way.
 */
class AnthropicSdkIntegrationTest {

    private static FixtureProvider fixtures;
    private static WireMockServer provider;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        fixtures = FixtureProvider.start()
                .replay("/v1/messages", "claude-sonnet-4-5-20250929", false, "anthropic-messages.json")
                .replay("/v1/messages", "claude-haiku-4-5-20251001", true, "anthropic-messages-stream.sse")
                .replay("/v1/messages", "claude-opus-4-1-20250805", true,
                        "anthropic-messages-stream-thinking-tools.sse")
                .replay("/v1/messages", "claude-sonnet-4-5-20250929", true, "anthropic-messages-stream-error.sse");
        provider = fixtures.wireMock();
        gateway = fixtures.gateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
        LeakAssertions.assertNoLeaks();
    }

    private static AnthropicClient client(String baseUrl, String feature) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("sk-ant-caller-key")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .putHeader("X-LLM-Feature", feature)
                .putHeader("X-LLM-Tier", "pro")
                .putHeader("X-LLM-Customer", "cust-7")
                .build();
    }

    private static MessageCreateParams params(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(1024).addUserMessage("Summarize caching")
                .build();
    }

    @Test
    void messageIsServedUnchangedAndMeteredExactly() {
        Message viaGateway = client(gateway.anthropicBaseUrl(), "summarize").messages()
                .create(params("claude-sonnet-4-5"));
        Message viaProvider = client(provider.baseUrl(), "direct").messages()
                .create(params("claude-sonnet-4-5-20250929"));
        assertThat(viaGateway).isEqualTo(viaProvider);
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "summarize");
        assertSplit(row, 42, 10240, 1536, 0, 318, 0, "0.013728");
        assertThat(row.path("requested_model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(row.path("provider").asText()).isEqualTo("anthropic");
        assertThat(PromText.sum(gateway.scrape(), "llm_cost_usd_total", Map.of("feature", "summarize")))
                .isEqualByComparingTo("0.013728");
        provider.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo("sk-ant-provider-key"))
                .withHeader("X-LLM-Customer", absent())
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5-20250929"))));
    }

    @Test
    void messageStreamIsRelayedAndMeteredFromCumulativeDelta() {
        List<RawMessageStreamEvent> viaGateway = events(client(gateway.anthropicBaseUrl(), "stream-summary"),
                params("claude-haiku-4-5"));
        List<RawMessageStreamEvent> viaProvider = events(client(provider.baseUrl(), "direct"),
                params("claude-haiku-4-5-20251001"));
        assertThat(viaGateway).isEqualTo(viaProvider);
        assertSplit(OpenAiSdkIntegrationTest.onlyRow(gateway, "stream-summary"), 24, 2048, 0, 0, 57, 0,
                "0.0005138");
    }

    @Test
    void thinkingAndToolStreamBillsTheOneHourCacheWrite() {
        List<RawMessageStreamEvent> viaGateway = events(client(gateway.anthropicBaseUrl(), "agent"),
                params("claude-opus-4-1"));
        assertThat(viaGateway).isEqualTo(events(client(provider.baseUrl(), "direct"),
                params("claude-opus-4-1-20250805")));
        assertSplit(OpenAiSdkIntegrationTest.onlyRow(gateway, "agent"), 472, 0, 0, 2100, 89, 0, "0.076755");
    }

    @Test
    void streamThatFailsMidwayRaisesInTheSdkAndRecordsWhatWasReported() {
        List<RawMessageStreamEvent> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client(gateway.anthropicBaseUrl(), "flaky").messages()
                    .createStreaming(params("claude-sonnet-4-5"))) {
                s.stream().forEach(seen::add);
            }
        }).hasMessageContaining("Overloaded");
        assertThat(seen).as("events before the error reach the client").isNotEmpty();
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "flaky");
        assertSplit(row, 1210, 0, 0, 0, 2, 0, "0.00366");
        assertThat(row.path("outcome").asText()).isEqualTo("upstream_cut");
    }

    private static List<RawMessageStreamEvent> events(AnthropicClient client, MessageCreateParams params) {
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params)) {
            return s.stream().toList();
        }
    }
}
