package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.ScriptedProvider;
import dev.spendgate.testkit.ScriptedProvider.Script;
import dev.spendgate.testkit.TestGateway;
import dev.spendgate.testkit.WireFixtures;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Per-provider timeouts (first byte, idle between stream reads) answer in the API's format and are recorded;
 * hop-by-hop headers never cross; a passthrough provider receives the caller's own credentials; a provider cannot
 * plant the gateway's own X-LLM-* response headers.
 */
class TimeoutsAndHeadersIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer slow;
    private static ScriptedProvider stalling;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        slow = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        slow.start();
        slow.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withFixedDelay(3000)
                .withHeader("Content-Type", "application/json").withBody(WireFixtures.bytes("openai-chat.json"))));
        slow.stubFor(post(urlEqualTo("/byok/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(WireFixtures.bytes("openai-chat.json"))));
        String forge = "/forge/v1/chat/completions";
        slow.stubFor(post(urlEqualTo(forge)).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.stream", absent()))
                .willReturn(forged(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(WireFixtures.bytes("openai-chat.json")))));
        slow.stubFor(post(urlEqualTo(forge)).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(forged(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody(WireFixtures.bytes("openai-chat-stream.sse")))));
        slow.stubFor(post(urlEqualTo(forge)).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .willReturn(forged(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}"))));
        stalling = ScriptedProvider.start();
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                # One attempt: these tests are about each timeout as the client sees it, not about retries.
                routing: {retry: {max_attempts: 1}}
                providers:
                  slow:
                    type: openai
                    base_url: %s/v1
                    api_key: ${OPENAI_API_KEY}
                    timeouts: {connect: 1s, first_byte: 500ms, idle: 5s, total: 30s}
                  stalling:
                    type: openai
                    base_url: %s/v1
                    api_key: ${OPENAI_API_KEY}
                    timeouts: {connect: 1s, first_byte: 5s, idle: 400ms, total: 30s}
                  byok:
                    type: openai
                    base_url: %s/byok/v1
                    api_key: passthrough
                  forger: {type: openai, base_url: "%4$s/forge/v1", api_key: "${OPENAI_API_KEY}"}
                models:
                  slow-model: {provider: slow, upstream_model: gpt-5-mini, price: {input: 1, output: 1}}
                  stalling-model: {provider: stalling, upstream_model: gpt-4o-mini, price: {input: 1, output: 1}}
                  forge-model: {provider: forger, upstream_model: gpt-4o-mini, price: {input: 1, output: 1}}
                  forge-error: {provider: forger, upstream_model: gpt-4o, price: {input: 1, output: 1}}
                  byok-model: {provider: byok, upstream_model: gpt-5-mini, price: {input: 0.25, cached_input: 0.025,
                               output: 2}}
                """.formatted(slow.baseUrl(), stalling.baseUrl(), slow.baseUrl(), slow.baseUrl()));
    }

    /** A provider answer that also plants headers in the gateway's X-LLM-* namespace. */
    private static ResponseDefinitionBuilder forged(ResponseDefinitionBuilder answer) {
        return answer.withHeader("X-LLM-Request-Id", "fake").withHeader("x-llm-budget-warning", "fake")
                .withHeader("X-LLM-Cost-USD", "0").withHeader("X-LLM-Provider", "fake");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        stalling.close();
        slow.stop();
        LeakAssertions.assertNoLeaks();
    }

    private static HttpClient client(String feature) {
        return HttpClient.create().responseTimeout(Duration.ofSeconds(10))
                .headers(h -> h.set("X-LLM-Feature", feature).set("Content-Type", "application/json"));
    }

    private static String[] call(HttpClient client, String path, String body) {
        return client.post().uri(gateway.baseUrl() + path).send(ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((res, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> new String[] {Integer.toString(res.status().code()), text}))
                .block(Duration.ofSeconds(15));
    }

    @Test
    void providerSlowerThanFirstByteTimeoutGets504InOpenAiFormat() throws Exception {
        long start = System.nanoTime();
        String[] r = call(client("slow"), "/v1/chat/completions",
                "{\"model\":\"slow-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r[0]).isEqualTo("504");
        JsonNode error = JSON.readTree(r[1]).path("error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_timeout");
        assertThat(error.path("message").asText()).contains("providers.slow.timeouts");
        assertThat(millis).as("answered at the first-byte timeout, not after the provider").isLessThan(2500);
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "slow").path("outcome").asText())
                .isEqualTo("upstream_timeout");
    }

    @Test
    void streamSilentLongerThanIdleTimeoutEndsWithAnErrorEvent() throws Exception {
        stalling.next(new Script(List.of("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},"
                + "\"finish_reason\":null}]}\n\n"), true, false));
        String[] r = call(client("stalled"), "/v1/chat/completions",
                "{\"model\":\"stalling-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        stalling.release();
        assertThat(r[0]).isEqualTo("200");
        assertThat(r[1]).contains("Hello").contains("\"error\"").doesNotContain("[DONE]");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "stalled");
        assertThat(row.path("outcome").asText()).isEqualTo("upstream_timeout");
        assertThat(row.path("usage_source").asText()).isEqualTo("estimated");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"json, forge-model, false", "stream, forge-model, true", "error, forge-error, false"})
    void providerCannotPlantTheGatewaysXLlmHeaders(String kind, String model, boolean stream) {
        String body = "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        List<Map.Entry<String, String>> headers = client("forged-" + kind).post()
                .uri(gateway.baseUrl() + "/v1/chat/completions").send(ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((res, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> res.responseHeaders().entries()))
                .block(Duration.ofSeconds(15));
        assertThat(headers).isNotNull();
        String requestId = OpenAiSdkIntegrationTest.onlyRow(gateway, "forged-" + kind).path("request_id").asText();
        assertThat(values(headers, "X-LLM-Request-Id")).as("the gateway's id, once").containsExactly(requestId);
        assertThat(values(headers, "X-LLM-Provider")).containsExactly("forger");
        assertThat(values(headers, "X-LLM-Budget-Warning")).isEmpty();
        if (kind.equals("json")) {
            assertThat(values(headers, "X-LLM-Cost-USD")).hasSize(1).doesNotContain("0");
        } else {
            assertThat(values(headers, "X-LLM-Cost-USD")).as("set by the gateway on 2xx JSON only").isEmpty();
        }
    }

    private static List<String> values(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    @Test
    void hopByHopHeadersStayAndPassthroughCredentialsGo() {
        HttpClient client = client("byok").headers(h -> h
                .set(HttpHeaderNames.CONNECTION, "keep-alive, X-Hop-Secret")
                .set("X-Hop-Secret", "do-not-forward")
                .set("Proxy-Authorization", "Basic abc")
                .set("Keep-Alive", "timeout=5")
                .set("Authorization", "Bearer sk-callers-own-key")
                .set("OpenAI-Organization", "org-123"));
        String[] r = call(client, "/v1/chat/completions",
                "{\"model\":\"byok-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r[0]).isEqualTo("200");
        slow.verify(postRequestedFor(urlEqualTo("/byok/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-callers-own-key"))
                .withHeader("OpenAI-Organization", equalTo("org-123"))
                .withHeader("X-Hop-Secret", absent())
                .withHeader("Proxy-Authorization", absent())
                .withHeader("Keep-Alive", absent())
                .withHeader("X-LLM-Feature", absent()));
    }
}
