package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.ScriptedProvider;
import dev.spendgate.testkit.ScriptedProvider.Script;
import dev.spendgate.testkit.TestGateway;
import dev.spendgate.testkit.WireFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures around the first byte: a provider that answers 200 and then sends nothing is abandoned after
 * timeouts.first_byte and the request falls back (the client sees one clean stream); a stream cut after content
 * reached the client is never replaced by a fallback: the client gets its API's error event, the spend is metered.
 */
class StreamFailoverIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},"
            + "\"finish_reason\":null}]}\n\n";
    private static final String PROMPT = "Tell me a long story about a lighthouse keeper and the sea.";

    private static ScriptedProvider silent;
    private static FixtureProvider fixtures;
    private static WireMockServer backup;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        silent = ScriptedProvider.start();
        fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-4o-mini", true, "openai-chat-stream.sse")
                .replay("/v1/chat/completions", "gpt-4o-mini", false, "openai-chat.json")
                .replay("/v1/messages", "claude-haiku-4-5-20251001", true, "anthropic-messages-stream.sse");
        backup = fixtures.wireMock();
        gateway = TestGateway.startYaml("""
                server: {host: 127.0.0.1, port: 0, admin_port: 0}
                ledger: {dir: "${LEDGER_DIR}"}
                routing: {retry: {initial_backoff: 20ms, max_backoff: 50ms}}
                providers:
                  silent:
                    type: openai
                    base_url: "%1$s/v1"
                    api_key: "${OPENAI_API_KEY}"
                    timeouts: {connect: 1s, first_byte: 300ms, idle: 5s, total: 30s}
                  silent-ant:
                    type: anthropic
                    base_url: "%1$s"
                    api_key: "${ANTHROPIC_API_KEY}"
                    timeouts: {connect: 1s, first_byte: 300ms, idle: 5s, total: 30s}
                  backup: {type: openai, base_url: "%2$s/v1", api_key: "${OPENAI_API_KEY}"}
                  backup-ant: {type: anthropic, base_url: "%2$s", api_key: "${ANTHROPIC_API_KEY}"}
                models:
                  stalls:
                    provider: silent
                    upstream_model: gpt-4o-mini
                    price: {input: 0.15, cached_input: 0.075, output: 0.6}
                    fallbacks: [gpt-4o-mini]
                  gpt-4o-mini: {provider: backup, price: {input: 0.15, cached_input: 0.075, output: 0.6}}
                  claude-stalls:
                    provider: silent-ant
                    upstream_model: claude-haiku-4-5-20251001
                    price: {input: 1, cached_input: 0.1, cache_write_5m: 1.25, cache_write_1h: 2, output: 5}
                    fallbacks: [claude-haiku-4-5]
                  claude-haiku-4-5:
                    provider: backup-ant
                    upstream_model: claude-haiku-4-5-20251001
                    price: {input: 1, cached_input: 0.1, cache_write_5m: 1.25, cache_write_1h: 2, output: 5}
                """.formatted(silent.baseUrl(), fixtures.baseUrl()));
    }

    @BeforeEach
    void reset() {
        backup.resetRequests();
        silent.contentType("text/event-stream");
    }

    @AfterEach
    void releaseHeld() {
        silent.release();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
        silent.close();
        LeakAssertions.assertNoLeaks();
    }

    private static OpenAIClient client(String baseUrl, String feature) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-caller").maxRetries(0)
                .timeout(Duration.ofSeconds(20)).putHeader("X-LLM-Feature", feature).build();
    }

    private static ChatCompletionCreateParams streamParams(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    }

    @Test
    void streamWithHeadersButNoBodyFallsBackAfterTheFirstByteTimeout() {
        silent.next(new Script(List.of(), true, false));
        int before = silent.requests();
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = client(gateway.openAiBaseUrl(), "stall-sse")
                .chat().completions().withRawResponse().createStreaming(streamParams("stalls"));
        List<ChatCompletionChunk> viaGateway;
        try (StreamResponse<ChatCompletionChunk> s = raw.parse(); Stream<ChatCompletionChunk> st = s.stream()) {
            viaGateway = st.toList();
        }
        assertThat(raw.headers().values("X-LLM-Fallback")).containsExactly("timeout");
        assertThat(raw.headers().values("X-LLM-Model")).containsExactly("gpt-4o-mini");
        assertThat(raw.headers().values("X-LLM-Provider")).containsExactly("backup");
        List<ChatCompletionChunk> direct;
        try (StreamResponse<ChatCompletionChunk> s = client(backup.baseUrl() + "/v1", "direct").chat()
                .completions().createStreaming(streamParams("gpt-4o-mini")); Stream<ChatCompletionChunk> st =
                        s.stream()) {
            direct = st.toList();
        }
        assertThat(viaGateway).as("the whole fallback stream, as the provider sent it").isEqualTo(direct);
        assertThat(viaGateway.get(viaGateway.size() - 1).usage()).isPresent();

        List<JsonNode> rows = RetryAndFallbackIntegrationTest.rows(gateway, "stall-sse",
                silent.requests() - before + 1);
        assertThat(rows.get(0).path("fallback_reason").asText()).isEqualTo("timeout");
        assertThat(rows.get(rows.size() - 1).path("attempt_outcome").asText()).isEqualTo("success");
        assertThat(rows.get(rows.size() - 1).path("routed_model").asText()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void jsonWithHeadersButNoBodyFallsBackAfterTheFirstByteTimeout() throws Exception {
        silent.contentType("application/json");
        silent.next(new Script(List.of(), true, false));
        int before = silent.requests();
        long started = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl()
                + "/chat/completions")).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-LLM-Feature", "stall-json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"stalls\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(WireFixtures.text("openai-chat.json"));
        assertThat(r.headers().firstValue("X-LLM-Fallback")).hasValue("timeout");
        assertThat(elapsedMs).as("not the 15 s the provider holds").isLessThan(5000);
        int stalled = silent.requests() - before;
        assertThat(stalled).as("tried, and retried once, before the fallback").isEqualTo(2);
        List<JsonNode> rows = RetryAndFallbackIntegrationTest.rows(gateway, "stall-json", stalled + 1);
        assertThat(rows.get(0).path("attempt_outcome").asText()).isEqualTo("retry");
        assertThat(rows.get(1).path("attempt_outcome").asText()).isEqualTo("fallback");
        assertThat(rows.get(1).path("fallback_reason").asText()).isEqualTo("timeout");
        assertThat(rows.get(2).path("routed_model").asText()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void openAiStreamCutAfterContentEndsWithAnErrorEventAndNoFallback() throws Exception {
        silent.next(new Script(List.of(CHUNK.formatted("Once upon a time"), CHUNK.formatted(" there was")),
                false, true));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl()
                + "/chat/completions")).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-LLM-Feature", "cut-openai").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"stalls\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                                + PROMPT + "\"}]}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Once upon a time").contains(" there was").contains("data: {\"error\":")
                .doesNotContain("[DONE]");
        assertThat(r.body().trim()).as("the error is the last event").startsWith("data: ")
                .endsWith("}").contains("\"error\"");
        assertThat(r.body().substring(r.body().lastIndexOf("data: "))).contains("\"error\"");
        assertThat(backup.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).as("no fallback").isEmpty();
        JsonNode row = RetryAndFallbackIntegrationTest.rows(gateway, "cut-openai", 1).get(0);
        assertThat(row.path("outcome").asText()).isEqualTo("upstream_cut");
        assertThat(row.path("usage_source").asText()).isEqualTo("estimated");
        assertThat(row.path("output_tokens").asLong()).isPositive();
        assertThat(Double.parseDouble(row.path("cost_usd").asText())).isPositive();
        assertThat(row.path("routed_model").asText()).isEqualTo("stalls");
    }

    @Test
    void anthropicStreamCutAfterContentEndsWithAnErrorEventAndNoFallback() throws Exception {
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":"
                + "\"claude-haiku-4-5-20251001\",\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":500,"
                + "\"cache_read_input_tokens\":0,\"cache_creation_input_tokens\":0,\"output_tokens\":1}}}\n\n";
        String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"The lighthouse stood on a rock far out in the "
                + "grey northern sea.\"}}\n\n";
        silent.next(new Script(List.of(start, delta), false, true));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.anthropicBaseUrl()
                + "/v1/messages")).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01").header("X-LLM-Feature", "cut-anthropic")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-stalls\",\"max_tokens\":500,"
                        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("grey northern sea").contains("event: error")
                .doesNotContain("message_stop");
        assertThat(r.body().substring(r.body().lastIndexOf("event: "))).startsWith("event: error");
        assertThat(backup.findAll(postRequestedFor(urlEqualTo("/v1/messages")))).as("no fallback").isEmpty();
        JsonNode row = RetryAndFallbackIntegrationTest.rows(gateway, "cut-anthropic", 1).get(0);
        assertThat(row.path("outcome").asText()).isEqualTo("upstream_cut");
        assertThat(row.path("usage_source").asText()).isEqualTo("estimated");
        assertThat(row.path("input_tokens").asLong()).isEqualTo(500);
        assertThat(row.path("output_tokens").asLong()).isGreaterThan(1);
    }
}
