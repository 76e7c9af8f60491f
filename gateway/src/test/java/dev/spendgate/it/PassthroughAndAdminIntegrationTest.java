package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.PromText;
import dev.spendgate.testkit.TestGateway;
import dev.spendgate.testkit.WireFixtures;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unmetered paths are passed through to the default provider of the caller's format and counted; the admin port
 * serves metrics and probes; provider errors reach the client unchanged with their retry headers.
 */
class PassthroughAndAdminIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static WireMockServer provider;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        provider.start();
        provider.stubFor(get(urlEqualTo("/v1/models")).withHeader("Authorization", equalTo("Bearer sk-provider-key"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\"}]}")));
        provider.stubFor(post(urlEqualTo("/v1/messages/count_tokens"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"input_tokens\":42}")));
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("retry-after", "3").withHeader("x-ratelimit-remaining-tokens", "0")
                        .withBody(WireFixtures.bytes("openai-error-429.json"))));
        provider.stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-haiku-4-5-20251001")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(WireFixtures.bytes("anthropic-messages.json"))));
        gateway = TestGateway.start(provider.baseUrl() + "/v1", provider.baseUrl(),
                "routing: {retry: {max_attempts: 1}}\n");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        provider.stop();
        LeakAssertions.assertNoLeaks();
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void modelListIsPassedThroughUnmeteredButCounted() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/models"))
                .header("Authorization", "Bearer caller-key").header("X-LLM-Feature", "model-picker").GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"gpt-4o\"");
        provider.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("X-LLM-Feature", absent()));
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "model-picker");
        assertThat(row.path("endpoint").asText()).isEqualTo("other");
        assertThat(row.path("usage_source").asText()).isEqualTo("none");
        assertThat(PromText.sum(gateway.scrape(), "llm_requests_total", Map.of("feature", "model-picker",
                "endpoint", "other"))).isEqualByComparingTo("1");
    }

    @Test
    void countTokensIsPassedThroughWithTheUpstreamModelId() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(
                        URI.create(gateway.baseUrl() + "/v1/messages/count_tokens"))
                .header("anthropic-version", "2023-06-01").header("X-LLM-Feature", "counter")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-haiku-4-5\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"input_tokens\":42}");
        provider.verify(postRequestedFor(urlEqualTo("/v1/messages/count_tokens"))
                .withHeader("x-api-key", equalTo("sk-ant-provider-key"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-haiku-4-5-20251001"))));
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "counter").path("cost_usd").asText()).isEqualTo("0");
    }

    @Test
    void providerRateLimitReachesTheClientUnchanged() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl()
                        + "/chat/completions")).header("X-LLM-Feature", "limited")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[]}")));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).isEqualTo(WireFixtures.text("openai-error-429.json"));
        assertThat(r.headers().firstValue("retry-after")).hasValue("3");
        assertThat(r.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("0");
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "limited").path("outcome").asText())
                .isEqualTo("upstream_4xx");
    }

    @Test
    void percentEncodedApiPathIsMeteredAsTheEndpointAndForwardedDecoded() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/%6Dessages"))
                .header("anthropic-version", "2023-06-01").header("X-LLM-Feature", "encoded-path")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":100,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(provider.getAllServeEvents()).as("the provider is called on the decoded path")
                .anySatisfy(e -> assertThat(e.getRequest().getUrl()).isEqualTo("/v1/messages"))
                .noneSatisfy(e -> assertThat(e.getRequest().getUrl()).contains("%6D"));
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "encoded-path");
        assertThat(row.path("endpoint").asText()).as("not an unmetered passthrough").isEqualTo("messages");
        assertThat(row.path("output_tokens").asLong()).isEqualTo(318);
        assertThat(new BigDecimal(row.path("cost_usd").asText())).isPositive();
    }

    @Test
    void malformedPercentEscapeIsRefusedInTheCalledApisFormat() throws Exception {
        int before = provider.getAllServeEvents().size();
        String body = "{\"model\":\"claude-haiku-4-5\"}";
        try (Socket s = new Socket("127.0.0.1", URI.create(gateway.baseUrl()).getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /v1/%6Dessage%zz HTTP/1.1\r\nHost: x\r\nanthropic-version: 2023-06-01"
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(response).startsWith("HTTP/1.1 400").contains("\"type\":\"error\"")
                    .contains("invalid_request_error").contains("malformed percent-escape at '%zz'");
        }
        assertThat(provider.getAllServeEvents()).as("no provider call").hasSize(before);
    }

    @Test
    void adminPortServesMetricsAndProbes() throws Exception {
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(gateway.adminUrl() + "/metrics")));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        assertThat(send(HttpRequest.newBuilder(URI.create(gateway.adminUrl() + "/healthz"))).statusCode())
                .isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(gateway.adminUrl() + "/readyz"))).statusCode())
                .isEqualTo(200);
        HttpResponse<String> onProxyPort = send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/metrics")));
        assertThat(onProxyPort.statusCode()).as("metrics are not served to clients").isEqualTo(404);
    }

    @Test
    void countTokensForAModelOfTheOtherFormatIsRefusedWithoutACall() throws Exception {
        int before = provider.getAllServeEvents().size();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gateway.anthropicBaseUrl()
                        + "/v1/messages/count_tokens")).header("anthropic-version", "2023-06-01")
                .header("X-LLM-Feature", "count-other")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"type\":\"error\"").contains("gpt-4o");
        assertThat(provider.getAllServeEvents()).as("no provider call").hasSize(before);
    }
}
