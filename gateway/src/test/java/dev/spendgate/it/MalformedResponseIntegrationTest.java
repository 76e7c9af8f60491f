package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.RawResponseProvider;
import dev.spendgate.testkit.RawResponseProvider.Answer;
import dev.spendgate.testkit.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A provider that breaks HTTP (RFC 9112): conflicting or duplicated framing, a status line or header that does
 * not parse, a body that does not decode as its Content-Encoding says, a connection that ends mid-body. Each is
 * the provider failing: a 502 in the called API's format naming the invalid response, an upstream outcome in the
 * ledger, and a {@code server_error} that is retried and falls back, never the gateway's own 500.
 */
class MalformedResponseIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String JSON_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    private static final String BODY = "{\"id\":\"chatcmpl-x\",\"object\":\"chat.completion\",\"choices\":[]}";

    private static RawResponseProvider broken;
    private static FixtureProvider fixtures;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        broken = RawResponseProvider.start();
        fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-4o-mini", false, "openai-chat.json")
                .replay("/v1/chat/completions", "gpt-4o-mini", true, "openai-chat-stream.sse");
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                routing: {retry: {initial_backoff: 10ms, max_backoff: 20ms}}
                providers:
                  broken:
                    type: openai
                    base_url: "%1$s/v1"
                    api_key: "${OPENAI_API_KEY}"
                    circuit_breaker: {failure_threshold: 1000, open_for: 1s}
                  broken-ant: {type: anthropic, base_url: "%1$s", api_key: "${ANTHROPIC_API_KEY}"}
                  backup: {type: openai, base_url: "%2$s/v1", api_key: "${OPENAI_API_KEY}"}
                models:
                  alone:
                    provider: broken
                    upstream_model: gpt-4o-mini
                    price: {input: 0.15, cached_input: 0.075, output: 0.6}
                  falls-back:
                    provider: broken
                    upstream_model: gpt-4o-mini
                    price: {input: 0.15, cached_input: 0.075, output: 0.6}
                    fallbacks: [gpt-4o-mini]
                  gpt-4o-mini: {provider: backup, price: {input: 0.15, cached_input: 0.075, output: 0.6}}
                  claude-alone:
                    provider: broken-ant
                    upstream_model: claude-haiku-4-5-20251001
                    price: {input: 1, cached_input: 0.1, cache_write_5m: 1.25, cache_write_1h: 2, output: 5}
                """.formatted(broken.baseUrl(), fixtures.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
        broken.close();
        LeakAssertions.assertNoLeaks();
    }

    static Stream<Arguments> malformedResponses() {
        return Stream.of(
                Arguments.of("contentLengthWithChunked", JSON_HEAD + "Content-Length: 3\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("twoContentLengths", JSON_HEAD + "Content-Length: " + BODY.length()
                        + "\r\nContent-Length: " + (BODY.length() + 1) + "\r\n\r\n" + BODY),
                Arguments.of("garbageStatusLine", "HTTP/1.1 two-hundred OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("notHttpAtAll", "\u0016\u0003\u0001 no http here\r\n\r\n"),
                Arguments.of("controlCharacterInHeaderValue", JSON_HEAD + "X-Trace: a\u0001b\r\nContent-Length: "
                        + BODY.length() + "\r\n\r\n" + BODY),
                Arguments.of("nulInHeaderValue", JSON_HEAD + "X-Trace: a\u0000b\r\nContent-Length: "
                        + BODY.length() + "\r\n\r\n" + BODY),
                Arguments.of("emptyHeaderName", JSON_HEAD + ": orphan\r\nContent-Length: " + BODY.length()
                        + "\r\n\r\n" + BODY),
                Arguments.of("gzipThatIsNotGzip", JSON_HEAD + "Content-Encoding: gzip\r\nContent-Length: "
                        + BODY.length() + "\r\n\r\n" + BODY),
                Arguments.of("chunkSizeNotHex", JSON_HEAD + "Transfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\nzz\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedResponses")
    void malformedResponseIsA502InvalidResponseRetriedOnceAndRecordedAsUpstream(String name, String raw)
            throws Exception {
        broken.next(Answer.of(raw));
        int before = broken.requests();
        HttpResponse<String> r = post("/v1/chat/completions", CHAT.formatted("alone"), "bad-" + name);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_bad_response");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("message").asText()).contains("invalid HTTP response").contains("'broken'")
                .doesNotContain("gateway bug");
        assertThat(broken.requests() - before).as("a server_error is retried once on the same target").isEqualTo(2);
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "bad-" + name);
        assertThat(row.path("outcome").asText()).isEqualTo("upstream_5xx");
    }

    @Test
    void malformedResponseFallsBackToTheNextModel() throws Exception {
        broken.next(Answer.of(JSON_HEAD + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"));
        HttpResponse<String> r = post("/v1/chat/completions", CHAT.formatted("falls-back"), "bad-fallback");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-LLM-Fallback")).hasValue("server_error");
        assertThat(r.headers().firstValue("X-LLM-Provider")).hasValue("backup");
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "bad-fallback").path("outcome").asText())
                .isEqualTo("success");
    }

    @Test
    void malformedResponseOnTheMessagesApiIsAnAnthropicError() throws Exception {
        broken.next(Answer.of("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Trace: \u0001\r\n"
                + "Content-Length: 2\r\n\r\n{}"));
        HttpResponse<String> r = post("/v1/messages", "{\"model\":\"claude-alone\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "bad-anthropic");
        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(body.path("error").path("message").asText()).contains("invalid HTTP response");
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "bad-anthropic").path("outcome").asText())
                .isEqualTo("upstream_5xx");
    }

    @ParameterizedTest(name = "reset={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void connectionClosedMidBodySaysSoAndNotThatTheProviderWasUnreachable(boolean reset) throws Exception {
        String raw = JSON_HEAD + "Content-Length: 500\r\n\r\n" + BODY;
        broken.next(new Answer(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), reset));
        String feature = "mid-body-" + reset;
        HttpResponse<String> r = post("/v1/chat/completions", CHAT.formatted("alone"), feature);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        String message = JSON.readTree(r.body()).path("error").path("message").asText();
        assertThat(message).contains("closed the connection").contains("mid-response")
                .doesNotContain("could not reach").doesNotContain("base_url");
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, feature).path("outcome").asText())
                .isEqualTo("upstream_5xx");
    }

    @ParameterizedTest(name = "model={0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"alone", "falls-back"})
    void streamThatBreaksBeforeItsFirstByteIsAProviderFailureRetriedThenAnErrorStatus(String model)
            throws Exception {
        broken.next(Answer.of("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n"));
        int before = broken.requests();
        String feature = "bad-first-chunk-" + model;
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", feature);
        assertThat(broken.requests() - before).as("a server_error is retried once on the same target").isEqualTo(2);
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, feature);
        if (model.equals("alone")) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
            assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("upstream_bad_response");
            assertThat(row.path("outcome").asText()).isEqualTo("upstream_5xx");
        } else {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-LLM-Fallback")).hasValue("server_error");
            assertThat(row.path("outcome").asText()).isEqualTo("success");
        }
    }

    @Test
    void malformedChunkAfterTheStreamStartedEndsItWithAnErrorEventNotACleanEnd() throws Exception {
        String event = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
                + "\"finish_reason\":null}]}\n\n";
        broken.next(Answer.of("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(event.length()) + "\r\n" + event
                + "\r\nzz\r\n\r\n"));
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"alone\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "bad-chunk-stream");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith(event).contains("upstream_stream_broken").doesNotContain("[DONE]");
        assertThat(OpenAiSdkIntegrationTest.onlyRow(gateway, "bad-chunk-stream").path("outcome").asText())
                .isEqualTo("upstream_cut");
    }

    private static HttpResponse<String> post(String path, String body, String feature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-LLM-Feature", feature).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
