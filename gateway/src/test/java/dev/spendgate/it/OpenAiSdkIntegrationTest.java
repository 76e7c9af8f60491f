package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.PromText;
import dev.spendgate.testkit.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK pointed at the gateway, WireMock replaying the byte-exact fixtures as the
 * provider: the SDK must get what it gets from the provider directly, and the ledger and metrics must hold the
 * exact token splits and costs of wire/FIXTURES.md.
 */
class OpenAiSdkIntegrationTest {

    private static FixtureProvider fixtures;
    private static WireMockServer provider;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-5-mini", false, "openai-chat.json")
                .replay("/v1/chat/completions", "gpt-4o-mini", true, "openai-chat-stream.sse")
                .replay("/v1/chat/completions", "gpt-4o", true, "openai-chat-stream-tools.sse")
                .replay("/v1/responses", "gpt-5", false, "openai-responses.json")
                .replay("/v1/responses", "gpt-5-mini", true, "openai-responses-stream.sse")
                .replay("/v1/embeddings", "text-embedding-3-small", false, "openai-embeddings.json");
        provider = fixtures.wireMock();
        gateway = fixtures.gateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
        LeakAssertions.assertNoLeaks();
    }

    private static OpenAIClient client(String baseUrl, String feature) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("sk-caller-gateway-key")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .putHeader("X-LLM-Feature", feature)
                .putHeader("X-LLM-Team", "growth")
                .putHeader("X-LLM-Customer", "cust-0042")
                .putHeader("X-LLM-Tier", "free")
                .putHeader("X-LLM-Session", "sess-1")
                .build();
    }

    private static OpenAIClient direct() {
        return client(provider.baseUrl() + "/v1", "direct");
    }

    @Test
    void chatCompletionIsServedUnchangedAndMeteredExactly() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-5-mini").addUserMessage("What is the invoice total?").build();
        HttpResponseFor<ChatCompletion> raw = client(gateway.openAiBaseUrl(), "invoice-qa").chat().completions()
                .withRawResponse().create(params);
        ChatCompletion viaGateway = raw.parse();
        ChatCompletion viaProvider = direct().chat().completions().create(params);

        assertThat(viaGateway).isEqualTo(viaProvider);
        assertThat(viaGateway.choices().get(0).message().content()).hasValue(
                "The invoice total is $1,598.40: a $1,480.00 subtotal plus 8% sales tax ($118.40).");
        String requestId = raw.headers().values("X-LLM-Request-Id").get(0);
        assertThat(raw.headers().values("X-LLM-Cost-USD")).containsExactly("0.0006695");

        JsonNode row = gateway.awaitLedger(requestId);
        assertSplit(row, 86, 1920, 0, 0, 300, 192, "0.0006695");
        assertThat(row.path("feature").asText()).isEqualTo("invoice-qa");
        assertThat(row.path("customer").asText()).isEqualTo("cust-0042");
        assertThat(row.path("served_model").asText()).isEqualTo("gpt-5-mini-2025-08-07");
        assertThat(row.path("usage_source").asText()).isEqualTo("provider");
        assertThat(PromText.sum(gateway.scrape(), "llm_cost_usd_total", Map.of("feature", "invoice-qa")))
                .isEqualByComparingTo("0.0006695");
        assertThat(PromText.sum(gateway.scrape(), "llm_tokens_total",
                Map.of("feature", "invoice-qa", "type", "cached_input"))).isEqualByComparingTo("1920");
    }

    @Test
    void providerNeverSeesAttributionOrCallerCredentials() {
        client(gateway.openAiBaseUrl(), "privacy-check").chat().completions().create(
                ChatCompletionCreateParams.builder().model("gpt-5-mini").addUserMessage("hi").build());
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("X-LLM-Customer", absent())
                .withHeader("X-LLM-Feature", absent())
                .withHeader("X-LLM-Session", absent())
                .withHeader("Authorization", equalTo("Bearer sk-provider-key")));
    }

    @Test
    void chatStreamWithUsageIsRelayedAndMeteredExactly() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage("Say hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        List<ChatCompletionChunk> viaGateway = chunks(client(gateway.openAiBaseUrl(), "greeter"), params);
        List<ChatCompletionChunk> viaProvider = chunks(direct(), params);

        assertThat(viaGateway).isEqualTo(viaProvider);
        assertThat(viaGateway.get(viaGateway.size() - 1).usage()).isPresent();
        JsonNode row = onlyRow("greeter");
        assertSplit(row, 216, 1024, 0, 0, 9, 0, "0.0001146");
        assertThat(row.path("stream").asBoolean()).isTrue();
        assertThat(row.path("ttft_ms").isNumber()).isTrue();
    }

    @Test
    void chatStreamWithoutUsageGetsUsageUpstreamButNotOnTheWire() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage("Say hello (no usage requested)").build();
        List<ChatCompletionChunk> viaGateway = chunks(client(gateway.openAiBaseUrl(), "no-usage-asked"), params);

        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].content",
                        equalTo("Say hello (no usage requested)")))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
        assertThat(viaGateway).as("the usage-only chunk is removed").allSatisfy(c -> {
            assertThat(c.usage()).isEmpty();
            assertThat(c.choices()).isNotEmpty();
        });
        assertThat(viaGateway.stream().map(c -> c.choices().get(0).delta().content().orElse(""))
                .collect(Collectors.joining())).isEqualTo("Hello! How can I help you today?");
        assertSplit(onlyRow("no-usage-asked"), 216, 1024, 0, 0, 9, 0, "0.0001146");
    }

    @Test
    void parallelToolCallStreamIsMeteredExactly() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessage("Weather in Paris and Rome?")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        List<ChatCompletionChunk> viaGateway = chunks(client(gateway.openAiBaseUrl(), "weather"), params);
        assertThat(viaGateway).isEqualTo(chunks(direct(), params));
        assertSplit(onlyRow("weather"), 88, 0, 0, 0, 46, 0, "0.00068");
    }

    @Test
    void responsesAreServedUnchangedAndMeteredExactly() {
        ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-5").input("Explain caching").build();
        Response viaGateway = client(gateway.openAiBaseUrl(), "explainer").responses().create(params);
        assertThat(viaGateway).isEqualTo(direct().responses().create(params));
        assertSplit(onlyRow("explainer"), 176, 2944, 0, 0, 710, 512, "0.007688");
    }

    @Test
    void responsesStreamIsMeteredFromTheCompletedEvent() {
        ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-5-mini").input("Primary colors?")
                .build();
        List<ResponseStreamEvent> viaGateway;
        try (StreamResponse<ResponseStreamEvent> s = client(gateway.openAiBaseUrl(), "colors").responses()
                .createStreaming(params)) {
            viaGateway = s.stream().toList();
        }
        List<ResponseStreamEvent> viaProvider;
        try (StreamResponse<ResponseStreamEvent> s = direct().responses().createStreaming(params)) {
            viaProvider = s.stream().toList();
        }
        assertThat(viaGateway).isEqualTo(viaProvider);
        assertSplit(onlyRow("colors"), 252, 1280, 0, 0, 389, 320, "0.000873");
    }

    @Test
    void embeddingsAreServedUnchangedAndMeteredExactly() {
        EmbeddingCreateParams params = EmbeddingCreateParams.builder().model("text-embedding-3-small")
                .input("The food was delicious").encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                .dimensions(8).build();
        CreateEmbeddingResponse viaGateway = client(gateway.openAiBaseUrl(), "embed-docs").embeddings()
                .create(params);
        assertThat(viaGateway).isEqualTo(direct().embeddings().create(params));
        assertSplit(onlyRow("embed-docs"), 14, 0, 0, 0, 0, 0, "0.00000028");
        assertThat(PromText.sum(gateway.scrape(), "llm_cost_usd_total", Map.of("feature", "embed-docs")))
                .isEqualByComparingTo(new BigDecimal("0.00000028"));
    }

    private static List<ChatCompletionChunk> chunks(OpenAIClient client, ChatCompletionCreateParams params) {
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
            try (Stream<ChatCompletionChunk> st = s.stream()) {
                return st.toList();
            }
        }
    }

    /** The one request line of a feature (earlier attempts, retried or fallen back, have lines of their own). */
    static JsonNode onlyRow(TestGateway gw, String feature) {
        List<JsonNode> rows = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> gw.ledger().stream().filter(r -> r.path("feature").asText().equals(feature))
                        .filter(r -> !r.path("attempt_outcome").asText().equals("retry")
                                && !r.path("attempt_outcome").asText().equals("fallback")).toList(),
                l -> !l.isEmpty());
        assertThat(rows).as("ledger rows of feature %s", feature).hasSize(1);
        return rows.get(0);
    }

    private static JsonNode onlyRow(String feature) {
        return onlyRow(gateway, feature);
    }

    static void assertSplit(JsonNode row, long input, long cached, long write5m, long write1h, long output,
            long reasoning, String cost) {
        assertThat(row.path("input_tokens").asLong()).as("uncached input").isEqualTo(input);
        assertThat(row.path("cached_input_tokens").asLong()).as("cache read").isEqualTo(cached);
        assertThat(row.path("cache_write5m_tokens").asLong() + row.path("cache_write_5m_tokens").asLong())
                .as("cache write 5m").isEqualTo(write5m);
        assertThat(row.path("cache_write1h_tokens").asLong() + row.path("cache_write_1h_tokens").asLong())
                .as("cache write 1h").isEqualTo(write1h);
        assertThat(row.path("output_tokens").asLong()).as("output").isEqualTo(output);
        assertThat(row.path("reasoning_tokens").asLong()).as("reasoning").isEqualTo(reasoning);
        assertThat(new BigDecimal(row.path("cost_usd").asText())).as("cost").isEqualByComparingTo(cost);
    }
}
