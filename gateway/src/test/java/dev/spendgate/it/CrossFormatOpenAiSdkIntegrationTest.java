package dev.spendgate.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static dev.spendgate.it.OpenAiSdkIntegrationTest.assertSplit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.PromText;
import dev.spendgate.testkit.ScriptedProvider;
import dev.spendgate.testkit.ScriptedProvider.Script;
import dev.spendgate.testkit.TestConfigs;
import dev.spendgate.testkit.TestGateway;
import dev.spendgate.testkit.WireFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK talking Chat Completions to models whose provider speaks Anthropic Messages: the
 * request reaching the provider must be a valid Messages request, the SDK must parse what comes back (text, tool
 * calls, finish reasons, usage, typed errors), and spend must be metered at the Anthropic model's prices from the
 * Anthropic usage split.
 */
class CrossFormatOpenAiSdkIntegrationTest {

    private static final String MODELS = """
              gpt-flaky:
                provider: openai
                price: {input: 2.5, cached_input: 1.25, output: 10}
                fallbacks: [claude-haiku-4-5]
              gpt-doomed:
                provider: openai
                price: {input: 2.5, cached_input: 1.25, output: 10}
                fallbacks: [claude-limited]
              claude-overloaded:
                provider: anthropic
                upstream_model: claude-overloaded-up
                price: {input: 3, cached_input: 0.3, cache_write_5m: 3.75, cache_write_1h: 6, output: 15}
              claude-limited:
                provider: anthropic
                upstream_model: claude-limited-up
                price: {input: 3, cached_input: 0.3, cache_write_5m: 3.75, cache_write_1h: 6, output: 15}
            """;

    private static FixtureProvider fixtures;
    private static WireMockServer provider;
    private static TestGateway gateway;
    private static TestGateway oneAttempt;
    private static ScriptedProvider scripted;
    private static TestGateway cutGateway;

    @BeforeAll
    static void start() {
        fixtures = FixtureProvider.start()
                .replay("/v1/messages", "claude-sonnet-4-5-20250929", false, "anthropic-messages.json")
                .replay("/v1/messages", "claude-haiku-4-5-20251001", false, "anthropic-messages.json")
                .replay("/v1/messages", "claude-haiku-4-5-20251001", true, "anthropic-messages-stream.sse")
                .replay("/v1/messages", "claude-opus-4-1-20250805", true,
                        "anthropic-messages-stream-thinking-tools.sse")
                .replay("/v1/messages", "claude-sonnet-4-5-20250929", true, "anthropic-messages-stream-error.sse");
        provider = fixtures.wireMock();
        // a request with tools (and no tool result yet) gets a tool_use answer
        provider.stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5-20250929")))
                .withRequestBody(matchingJsonPath("$.tools[0].name", equalTo("get_weather")))
                .withRequestBody(matchingJsonPath("$.messages[1]", absent()))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(WireFixtures.bytes("anthropic-messages-tool-use.json"))));
        provider.stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-limited-up")))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("retry-after", "6").withHeader("x-should-retry", "true")
                        .withBody(WireFixtures.bytes("anthropic-error-429.json"))));
        provider.stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-overloaded-up")))
                .willReturn(aResponse().withStatus(529).withHeader("Content-Type", "application/json")
                        .withBody(WireFixtures.bytes("anthropic-error-529-overloaded.json"))));
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-doomed")))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody(WireFixtures.bytes("openai-error-500.json"))));
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-flaky")))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody(WireFixtures.bytes("openai-error-500.json"))));
        // the openai provider only serves failing models here: its breaker must not open between tests
        gateway = TestGateway.startYaml(withBreaker(1000) + MODELS
                + "routing:\n  retry:\n    initial_backoff: 10ms\n    max_backoff: 20ms\n"
                + "guardrails:\n  caps:\n    - {name: output, match: {feature: xf-capped}, max_output_tokens: 100}\n");
        oneAttempt = TestGateway.start(fixtures.openAiBaseUrl(), fixtures.baseUrl(), MODELS
                + "routing:\n  retry:\n    max_attempts: 1\n");
        scripted = ScriptedProvider.start();
        cutGateway = TestGateway.start(scripted.baseUrl() + "/v1", scripted.baseUrl(), "");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        oneAttempt.close();
        cutGateway.close();
        scripted.close();
        fixtures.close();
        LeakAssertions.assertNoLeaks();
    }

    private static OpenAIClient client(String baseUrl, String feature) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("sk-caller-gateway-key")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(15))
                .putHeader("X-LLM-Feature", feature)
                .build();
    }

    private static FunctionDefinition weatherTool() {
        return FunctionDefinition.builder().name("get_weather").description("Current weather for a location")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "location", Map.of("type", "string"),
                                "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                        .build())
                .build();
    }

    @Test
    void chatCompletionIsServedByClaudeAndMeteredAtClaudePrices() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addSystemMessage("You are a contracts assistant.")
                .addUserMessage("What is the termination notice period?").build();
        HttpResponseFor<ChatCompletion> raw = client(gateway.openAiBaseUrl(), "xf-text").chat().completions()
                .withRawResponse().create(params);
        ChatCompletion completion = raw.parse();

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValue("Based on the contract you provided, "
                + "the termination notice period is 60 days (Section 12.2), and either party may terminate for "
                + "convenience after the initial 12-month term.");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).as("input + cache read + cache write").isEqualTo(42 + 10240 + 1536);
            assertThat(u.completionTokens()).isEqualTo(318);
            assertThat(u.promptTokensDetails().flatMap(d -> d.cachedTokens())).hasValue(10240L);
        });
        assertThat(raw.headers().values("X-LLM-Provider")).containsExactly("anthropic");
        assertThat(raw.headers().values("X-LLM-Model")).containsExactly("claude-sonnet-4-5");
        assertThat(raw.headers().values("X-LLM-Cost-USD")).containsExactly("0.013728");

        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "xf-text");
        assertSplit(row, 42, 10240, 1536, 0, 318, 0, "0.013728");
        assertThat(row.path("provider").asText()).isEqualTo("anthropic");

        provider.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("x-api-key", equalTo("sk-ant-provider-key"))
                .withHeader("Authorization", absent())
                .withRequestBody(matchingJsonPath("$.messages[0].content",
                        containing("What is the termination notice period?")))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5-20250929")))
                .withRequestBody(matchingJsonPath("$.max_tokens"))
                .withRequestBody(matchingJsonPath("$.system", containing("You are a contracts assistant.")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[1]", absent())));
    }

    @Test
    void toolCallsRoundTripThroughAnthropicToolUseAndToolResult() {
        OpenAIClient client = client(gateway.openAiBaseUrl(), "xf-tools");
        ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addUserMessage("What's the weather in Paris?").addFunctionTool(weatherTool()).build();
        ChatCompletion completion = client.chat().completions().create(first);

        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).hasValue("I'll look up the current weather in Paris.");
        assertThat(choice.message().toolCalls()).hasValueSatisfying(calls -> assertThat(calls).hasSize(1));
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().get().get(0).asFunction();
        assertThat(call.id()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(Json.parse(call.function().arguments()))
                .isEqualTo(Json.parse("{\"location\":\"Paris, France\",\"unit\":\"celsius\"}"));
        assertThat(completion.usage().get().promptTokens()).isEqualTo(384);
        assertThat(completion.usage().get().completionTokens()).isEqualTo(76);
        provider.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.tools[0].name", equalTo("get_weather")))
                .withRequestBody(matchingJsonPath("$.tools[0].description",
                        equalTo("Current weather for a location")))
                .withRequestBody(matchingJsonPath("$.tools[0].input_schema.type", equalTo("object")))
                .withRequestBody(matchingJsonPath("$.tools[0].input_schema.required[0]", equalTo("location"))));

        ChatCompletionCreateParams followUp = ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addUserMessage("What's the weather in Paris?").addFunctionTool(weatherTool())
                .addMessage(ChatCompletionAssistantMessageParam.builder().addToolCall(call).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                        .content("{\"temperature\": 18, \"sky\": \"cloudy\"}").build())
                .build();
        ChatCompletion answer = client.chat().completions().create(followUp);
        assertThat(answer.choices().get(0).message().content()).hasValueSatisfying(
                t -> assertThat(t).startsWith("Based on the contract"));
        provider.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("assistant")))
                .withRequestBody(matchingJsonPath("$.messages[1].content[0].type", equalTo("tool_use")))
                .withRequestBody(matchingJsonPath("$.messages[1].content[0].id",
                        equalTo("toolu_01A09q90qw90lq917835lq9")))
                .withRequestBody(matchingJsonPath("$.messages[1].content[0].name", equalTo("get_weather")))
                .withRequestBody(matchingJsonPath("$.messages[1].content[0].input.location",
                        equalTo("Paris, France")))
                .withRequestBody(matchingJsonPath("$.messages[2].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[2].content[0].type", equalTo("tool_result")))
                .withRequestBody(matchingJsonPath("$.messages[2].content[0].tool_use_id",
                        equalTo("toolu_01A09q90qw90lq917835lq9")))
                .withRequestBody(matchingJsonPath("$.messages[2].content[0].content", containing("cloudy"))));

        List<JsonNode> rows = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gateway.ledger().stream()
                .filter(r -> r.path("feature").asText().equals("xf-tools")).toList(), l -> l.size() >= 2);
        assertThat(rows).hasSize(2);
        assertSplit(rows.get(0), 384, 0, 0, 0, 76, 0, "0.002292");
    }

    @Test
    void streamWithThinkingAndToolUseReachesTheSdkAsToolCallChunks() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("claude-opus-4-1")
                .addUserMessage("Weather in Paris?").addFunctionTool(weatherTool())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = client(gateway.openAiBaseUrl(), "xf-stream-tools")
                .chat().completions().withRawResponse().createStreaming(params);
        try (StreamResponse<ChatCompletionChunk> s = raw.parse()) {
            s.stream().forEach(c -> {
                chunks.add(c);
                acc.accumulate(c);
            });
        }
        assertThat(raw.headers().values("X-LLM-Provider")).containsExactly("anthropic");
        assertThat(raw.headers().values("X-LLM-Model")).containsExactly("claude-opus-4-1");
        ChatCompletion done = acc.chatCompletion();
        ChatCompletion.Choice choice = done.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().get().get(0).asFunction();
        assertThat(call.id()).isEqualTo("toolu_01QmR7xT3cVb9NwK2pLz5HsY");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(Json.parse(call.function().arguments())).isEqualTo(Json.parse("{\"location\":\"Paris, France\"}"));
        assertThat(choice.message().toolCalls().get()).hasSize(1);
        assertThat(chunks.stream().flatMap(c -> c.choices().stream()).flatMap(c -> c.delta().toolCalls()
                .orElse(List.of()).stream()).map(ChatCompletionChunk.Choice.Delta.ToolCall::index).distinct())
                .as("the first tool call is index 0 though its Anthropic block is index 1").containsExactly(0L);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(472 + 2100);
            assertThat(u.completionTokens()).isEqualTo(89);
        });
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "xf-stream-tools");
        assertSplit(row, 472, 0, 0, 2100, 89, 0, "0.076755");
        provider.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-opus-4-1-20250805")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.max_tokens"))
                .withRequestBody(matchingJsonPath("$.tools[0].input_schema.type", equalTo("object"))));
    }

    @Test
    void textStreamIsTranslatedAndMetered() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("claude-haiku-4-5")
                .addUserMessage("Summarize caching")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client(gateway.openAiBaseUrl(), "xf-stream").chat()
                .completions().createStreaming(params)) {
            s.stream().forEach(c -> {
                chunks.add(c);
                acc.accumulate(c);
            });
        }
        ChatCompletion.Choice choice = acc.chatCompletion().choices().get(0);
        assertThat(choice.message().content()).hasValue("Prompt caching storesthe processed prefix of your request"
                + " (system prompt, tools, documents) so that later requests sharing the same prefix are billed at "
                + "10% of the base input price instead of reprocessing it.\n\nCache writes cost 1.25x base input "
                + "for the 5-minute TTL.");
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(24 + 2048);
            assertThat(u.completionTokens()).isEqualTo(57);
            assertThat(u.promptTokensDetails().flatMap(d -> d.cachedTokens())).hasValue(2048L);
        });
        assertSplit(OpenAiSdkIntegrationTest.onlyRow(gateway, "xf-stream"), 24, 2048, 0, 0, 57, 0, "0.0005138");
    }

    @Test
    void anthropicRateLimitRaisesTheOpenAiSdkRateLimitException() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("claude-limited")
                .addUserMessage("hello").build();
        assertThatThrownBy(() -> client(oneAttempt.openAiBaseUrl(), "xf-429").chat().completions().create(params))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.getMessage()).contains("exceed the rate limit");
                    assertThat(e.headers().values("retry-after")).as("the provider's wait reaches the client")
                            .containsExactly("6");
                });
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(oneAttempt, "xf-429");
        assertThat(row.path("attempt_outcome").asText()).isEqualTo("failure");
    }

    @Test
    void untranslatableChatRequestsAreRefusedBeforeAnyCall() {
        OpenAIClient client = client(gateway.openAiBaseUrl(), "xf-refused");
        assertRefused(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("refuse-me-n").n(2).build()), "n", "n > 1");
        assertRefused(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("refuse-me-schema")
                .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
                        ResponseFormatJsonSchema.JsonSchema.builder().name("answer").build()).build())
                .build()), "response_format.type", "json_schema");
        assertRefused(() -> client.responses().create(ResponseCreateParams.builder().model("claude-sonnet-4-5")
                .input("refuse-me-responses").build()), "model", "claude-sonnet-4-5");
        assertRefused(() -> client.embeddings().create(EmbeddingCreateParams.builder().model("claude-sonnet-4-5")
                .input("refuse-me-embeddings").build()), "model", "claude-sonnet-4-5");
        provider.verify(0, postRequestedFor(urlMatching(".*")).withRequestBody(containing("refuse-me")));
    }

    private static void assertRefused(Runnable call, String param, String says) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            JsonNode body = ObjectMappers.jsonMapper().valueToTree(e.body());
            JsonNode error = body.has("error") ? body.path("error") : body;
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("param").asText()).as("param of %s", body).isEqualTo(param);
            assertThat(e.getMessage()).contains(says);
        });
    }

    @Test
    void openAiServerErrorFallsBackToClaude() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-flaky")
                .addUserMessage("fallback please").build();
        HttpResponseFor<ChatCompletion> raw = client(gateway.openAiBaseUrl(), "xf-fallback").chat().completions()
                .withRawResponse().create(params);
        ChatCompletion completion = raw.parse();
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
                t -> assertThat(t).startsWith("Based on the contract you provided"));
        assertThat(raw.headers().values("X-LLM-Fallback")).containsExactly("server_error");
        assertThat(raw.headers().values("X-LLM-Provider")).containsExactly("anthropic");
        assertThat(raw.headers().values("X-LLM-Model")).containsExactly("claude-haiku-4-5");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "xf-fallback");
        // anthropic-messages.json usage at claude-haiku-4-5 prices: 42*1 + 10240*0.1 + 1536*1.25 + 318*5
        assertSplit(row, 42, 10240, 1536, 0, 318, 0, "0.004576");
        assertThat(row.path("routed_model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(row.path("fallback_reason").asText()).isEqualTo("server_error");
        assertThat(row.path("provider").asText()).isEqualTo("anthropic");
        assertThat(row.path("requested_model").asText()).isEqualTo("gpt-flaky");
        assertThat(row.path("attempt").asInt()).isEqualTo(3);
        assertThat(raw.headers().values("X-LLM-Attempts")).containsExactly("3");
        List<JsonNode> earlier = gateway.ledger().stream()
                .filter(r -> r.path("request_id").asText().equals(row.path("request_id").asText()))
                .filter(r -> r != row && !r.path("attempt_outcome").asText().equals("success")).toList();
        assertThat(earlier).extracting(r -> r.path("attempt_outcome").asText()).containsExactly("retry", "fallback");
        assertThat(earlier).allSatisfy(r -> {
            assertThat(r.path("provider").asText()).isEqualTo("openai");
            assertThat(r.path("fallback_reason").asText()).isEqualTo("server_error");
            assertThat(new java.math.BigDecimal(r.path("cost_usd").asText())).isZero();
        });
        provider.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-haiku-4-5-20251001")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("fallback please"))));
    }

    @Test
    void openAiServerErrorFallsBackToAClaudeStream() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-flaky")
                .addUserMessage("stream fallback please")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = client(gateway.openAiBaseUrl(),
                "xf-fallback-stream").chat().completions().withRawResponse().createStreaming(params);
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = raw.parse()) {
            s.stream().forEach(acc::accumulate);
        }
        assertThat(raw.headers().values("X-LLM-Fallback")).containsExactly("server_error");
        assertThat(acc.chatCompletion().choices().get(0).message().content()).hasValueSatisfying(
                t -> assertThat(t).startsWith("Prompt caching stores").endsWith("5-minute TTL."));
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "xf-fallback-stream");
        assertSplit(row, 24, 2048, 0, 0, 57, 0, "0.0005138");
        assertThat(row.path("fallback_reason").asText()).isEqualTo("server_error");
    }

    @Test
    void anthropicStreamCutMidwayRaisesInTheOpenAiSdk() {
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":"
                + "\"claude-haiku-4-5-20251001\",\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":500,"
                + "\"cache_read_input_tokens\":0,\"cache_creation_input_tokens\":0,\"output_tokens\":1}}}\n\n";
        String block = "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
        String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"The lighthouse stood on a rock\"}}\n\n";
        scripted.next(new Script(List.of(start, block, delta), false, true));
        List<ChatCompletionChunk> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client(cutGateway.openAiBaseUrl(), "xf-cut").chat()
                    .completions().createStreaming(ChatCompletionCreateParams.builder().model("claude-haiku-4-5")
                            .addUserMessage("Tell me a story").build())) {
                s.stream().forEach(seen::add);
            }
        }).isInstanceOf(OpenAIServiceException.class);
        assertThat(seen.stream().map(c -> c.choices().isEmpty() ? "" : c.choices().get(0).delta().content()
                .orElse("")).reduce("", String::concat)).isEqualTo("The lighthouse stood on a rock");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(cutGateway, "xf-cut");
        assertThat(row.path("outcome").asText()).isEqualTo("upstream_cut");
        assertThat(row.path("input_tokens").asLong()).isEqualTo(500);
        assertThat(scripted.lastRequest()).startsWith("POST /v1/messages ");
    }

    @Test
    void errorEventInAnthropicStreamRaisesInTheOpenAiSdk() {
        List<ChatCompletionChunk> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client(gateway.openAiBaseUrl(), "xf-stream-error").chat()
                    .completions().createStreaming(ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                            .addUserMessage("Summarize caching").build())) {
                s.stream().forEach(seen::add);
            }
        }).isInstanceOf(OpenAIServiceException.class).hasMessageContaining("Overloaded");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "xf-stream-error");
        assertThat(row.path("outcome").asText()).isEqualTo("upstream_cut");
    }

    @Test
    void streamWithoutIncludeUsageCarriesNoUsageChunkButIsMetered() {
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> s = client(gateway.openAiBaseUrl(), "xf-stream-no-usage").chat()
                .completions().createStreaming(ChatCompletionCreateParams.builder().model("claude-haiku-4-5")
                        .addUserMessage("Summarize caching").build())) {
            chunks = s.stream().toList();
        }
        assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.usage()).isEmpty());
        assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
                .hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertSplit(OpenAiSdkIntegrationTest.onlyRow(gateway, "xf-stream-no-usage"), 24, 2048, 0, 0, 57, 0,
                "0.0005138");
    }

    @Test
    void anthropicRateLimitOnAStreamingRequestRaisesRateLimitException() {
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client(oneAttempt.openAiBaseUrl(), "xf-429-stream").chat()
                    .completions().createStreaming(ChatCompletionCreateParams.builder().model("claude-limited")
                            .addUserMessage("hello").build())) {
                s.stream().toList();
            }
        }).isInstanceOf(RateLimitException.class);
    }

    @Test
    void samplingParametersAreCarriedOverToTheMessagesRequest() {
        client(gateway.openAiBaseUrl(), "xf-params").chat().completions().create(ChatCompletionCreateParams
                .builder().model("claude-sonnet-4-5").addUserMessage("params-check").maxCompletionTokens(700)
                .temperature(0.25).topP(0.9).stop(ChatCompletionCreateParams.Stop.ofStrings(List.of("END"))).build());
        provider.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("params-check")))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("700")))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.25")))
                .withRequestBody(matchingJsonPath("$.top_p", equalTo("0.9")))
                .withRequestBody(matchingJsonPath("$.stop_sequences[0]", equalTo("END")))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens", absent()))
                .withRequestBody(matchingJsonPath("$.stop", absent())));
    }

    @Test
    void thinkingTextAndParallelToolUseBlocksBecomeContentAndTwoToolCalls() {
        String body = "{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\"msg_01Rt5Yh8Kp3Wn6Xq9Lc2Vb4M\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\","
                + "\"thinking\":\"Two cities, two calls.\",\"signature\":\"EqQBCkYIBRgCIkB3\"},"
                + "{\"type\":\"text\",\"text\":\"Checking both cities.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_01Paris\",\"name\":\"get_weather\","
                + "\"input\":{\"location\":\"Paris\"}},{\"type\":\"tool_use\",\"id\":\"toolu_02Rome\","
                + "\"name\":\"get_weather\",\"input\":{\"location\":\"Rome\"}}],\"stop_reason\":\"tool_use\","
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":500,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":120}}";
        provider.stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("two-cities")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(body)));
        ChatCompletion completion = client(gateway.openAiBaseUrl(), "xf-parallel").chat().completions().create(
                ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("two-cities weather")
                        .addFunctionTool(weatherTool()).build());
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).hasValue("Checking both cities.");
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().toolCalls().get()).extracting(c -> c.asFunction().id())
                .containsExactly("toolu_01Paris", "toolu_02Rome");
        assertThat(Json.parse(choice.message().toolCalls().get().get(1).asFunction().function().arguments()))
                .isEqualTo(Json.parse("{\"location\":\"Rome\"}"));
        // 500 * 3 + 120 * 15 at claude-sonnet-4-5 prices
        assertSplit(OpenAiSdkIntegrationTest.onlyRow(gateway, "xf-parallel"), 500, 0, 0, 0, 120, 0, "0.0033");
    }

    @Test
    void maxTokensStopBecomesFinishReasonLength() {
        String body = "{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\"msg_01Len\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"The story begins\"}],"
                + "\"stop_reason\":\"max_tokens\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":3}}";
        provider.stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("cut-short")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(body)));
        ChatCompletion completion = client(gateway.openAiBaseUrl(), "xf-length").chat().completions().create(
                ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("cut-short story")
                        .maxCompletionTokens(3).build());
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(completion.choices().get(0).message().content()).hasValue("The story begins");
    }

    @Test
    void anthropicOverloadedRaisesAServerErrorInTheOpenAiSdk() {
        assertThatThrownBy(() -> client(oneAttempt.openAiBaseUrl(), "xf-529").chat().completions().create(
                ChatCompletionCreateParams.builder().model("claude-overloaded").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isGreaterThanOrEqualTo(500);
                    JsonNode body = ObjectMappers.jsonMapper().valueToTree(e.body());
                    JsonNode error = body.has("error") ? body.path("error") : body;
                    assertThat(error.path("type").asText()).as("OpenAI error shape: %s", body)
                            .isEqualTo("server_error");
                    assertThat(error.path("message").asText()).isEqualTo("Overloaded");
                });
    }

    @Test
    void whenTheCrossFormatFallbackFailsTooItsErrorReachesTheClientInOpenAiFormat() {
        assertThatThrownBy(() -> client(gateway.openAiBaseUrl(), "xf-doomed").chat().completions().create(
                ChatCompletionCreateParams.builder().model("gpt-doomed").addUserMessage("doomed").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    JsonNode body = ObjectMappers.jsonMapper().valueToTree(e.body());
                    JsonNode error = body.has("error") ? body.path("error") : body;
                    assertThat(error.path("message").asText()).as("OpenAI error shape: %s", body)
                            .contains("exceed the rate limit");
                    assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
                });
    }

    @Test
    void toolChoiceParallelismUserDeveloperAndImagesAreTranslated() {
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        client(gateway.openAiBaseUrl(), "xf-request-shape").chat().completions().create(ChatCompletionCreateParams
                .builder().model("claude-sonnet-4-5").addDeveloperMessage("Be brief.")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("shape-check: weather for the city in this picture").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder().imageUrl(
                                ChatCompletionContentPartImage.ImageUrl.builder().url("data:image/png;base64," + png)
                                        .build()).build())))
                .addFunctionTool(weatherTool())
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).parallelToolCalls(false)
                .user("end-user-42").build());
        provider.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.system", containing("Be brief.")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].type", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].text", containing("shape-check")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].type", equalTo("image")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].source.type", equalTo("base64")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].source.media_type", equalTo("image/png")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].source.data", equalTo(png)))
                .withRequestBody(matchingJsonPath("$.tool_choice.type", equalTo("any")))
                .withRequestBody(matchingJsonPath("$.tool_choice.disable_parallel_tool_use", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.metadata.user_id", equalTo("end-user-42")))
                .withRequestBody(matchingJsonPath("$.user", absent()))
                .withRequestBody(matchingJsonPath("$.parallel_tool_calls", absent())));
    }

    @Test
    void anthropicStreamSplitAtArbitraryBytesKeepsMultiByteText() {
        String text1 = "Caf\u00e9 cr\u00e8me \u2014 na\u00efve ";
        String text2 = "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 \ud83d\ude00 done";
        String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":"
                + "\"claude-haiku-4-5-20251001\",\"id\":\"msg_01Utf\",\"type\":\"message\",\"role\":"
                + "\"assistant\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
                + "{\"input_tokens\":30,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
                + "\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text1 + "\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text2 + "\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                + "\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":20}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        provider.stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("utf8-split")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .withChunkedDribbleDelay(97, 500)));
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = client(gateway.openAiBaseUrl(), "xf-utf8").chat().completions()
                .createStreaming(ChatCompletionCreateParams.builder().model("claude-haiku-4-5")
                        .addUserMessage("utf8-split").build())) {
            s.stream().forEach(acc::accumulate);
        }
        assertThat(acc.chatCompletion().choices().get(0).message().content()).hasValue(text1 + text2);
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "xf-utf8");
        assertThat(row.path("outcome").asText()).isEqualTo("success");
        assertThat(row.path("output_tokens").asLong()).isEqualTo(20);
    }

    @Test
    void aFallbackThatCannotTakeTheRequestIsSkippedWithoutACall() {
        assertThatThrownBy(() -> client(gateway.openAiBaseUrl(), "xf-skip").chat().completions().create(
                ChatCompletionCreateParams.builder().model("gpt-flaky").addUserMessage("skip-me two samples").n(2)
                        .build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).as("the primary's own error").isEqualTo(500);
                    assertThat(e.getMessage()).contains("The server had an error");
                });
        provider.verify(0, postRequestedFor(urlEqualTo("/v1/messages")).withRequestBody(containing("skip-me")));
        provider.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("skip-me")).withRequestBody(matchingJsonPath("$.n", equalTo("2"))));
        assertThat(PromText.sum(gateway.scrape(), "llm_upstream_attempts_total",
                Map.of("model", "claude-haiku-4-5", "outcome", "skipped"))).isPositive();
    }

    @Test
    void outputCapsApplyToTheTranslatedRequest() {
        OpenAIClient client = client(gateway.openAiBaseUrl(), "xf-capped");
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addUserMessage("capped-completion-tokens").maxCompletionTokens(4000).build());
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addUserMessage("capped-max-tokens").maxTokens(4000).build());
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addUserMessage("capped-no-limit").build());
        for (String marker : List.of("capped-completion-tokens", "capped-max-tokens", "capped-no-limit")) {
            provider.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                    .withRequestBody(containing(marker))
                    .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("100"))));
        }
    }

    @Test
    void aStreamedToolCallWithoutArgumentsHasAnEmptyJsonObjectAsArguments() {
        String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":"
                + "\"claude-haiku-4-5-20251001\",\"id\":\"msg_01NoArgs\",\"type\":\"message\",\"role\":"
                + "\"assistant\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
                + "{\"input_tokens\":40,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
                + "\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01NoArgs\",\"name\":"
                + "\"get_time\",\"input\":{}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                + "\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":12}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        provider.stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("no-args-tool")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse)));
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = client(gateway.openAiBaseUrl(), "xf-no-args").chat()
                .completions().createStreaming(ChatCompletionCreateParams.builder().model("claude-haiku-4-5")
                        .addUserMessage("no-args-tool: what time is it?").addFunctionTool(FunctionDefinition
                                .builder().name("get_time").build()).build())) {
            s.stream().forEach(acc::accumulate);
        }
        ChatCompletionMessageFunctionToolCall call = acc.chatCompletion().choices().get(0).message().toolCalls()
                .get().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_time");
        assertThat(call.function().arguments()).as("valid JSON, as OpenAI sends for a tool without arguments")
                .isEqualTo("{}");
    }

    /** The standard config, the openai provider's circuit breaker opening after {@code threshold} failures. */
    private static String withBreaker(int threshold) {
        String timeouts = "    timeouts: {connect: 2s, first_byte: 5s, idle: 5s, total: 30s}\n";
        return TestConfigs.standard(fixtures.openAiBaseUrl(), fixtures.baseUrl(), Path.of("${LEDGER_DIR}"))
                .replace("dir: ${LEDGER_DIR}", "dir: \"${LEDGER_DIR}\"")
                .replaceFirst(java.util.regex.Pattern.quote(timeouts), timeouts
                        + "    circuit_breaker: {failure_threshold: " + threshold + ", open_for: 60s}\n");
    }

    @Test
    void anOpenBreakerSendsTheRequestToTheClaudeFallbackAndSaysSo() {
        try (TestGateway breakerGateway = TestGateway.startYaml(withBreaker(1) + MODELS)) {
            OpenAIClient client = client(breakerGateway.openAiBaseUrl(), "xf-breaker");
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-flaky")
                    .addUserMessage("breaker please").build();
            client.chat().completions().create(params);
            int calls = provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                    .withRequestBody(containing("breaker please"))).size();
            HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(params);
            assertThat(raw.parse().choices().get(0).message().content()).hasValueSatisfying(
                    t -> assertThat(t).startsWith("Based on the contract"));
            assertThat(provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                    .withRequestBody(containing("breaker please")))).as("open breaker: no call").hasSize(calls);
            assertThat(raw.headers().values("X-LLM-Provider")).containsExactly("anthropic");
            assertThat(raw.headers().values("X-LLM-Fallback")).containsExactly("circuit_open");
            String id = raw.headers().values("X-LLM-Request-Id").get(0);
            assertThat(breakerGateway.awaitLedger(id).path("fallback_reason").asText()).isEqualTo("circuit_open");
        }
    }

    /** JSON equality of tool arguments, whatever the whitespace. */
    private static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();

        private Json() {
        }

        static JsonNode parse(String s) {
            try {
                return MAPPER.readTree(s);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
