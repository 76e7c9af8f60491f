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

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Metadata;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
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
 * The official Anthropic Java SDK talking Messages to models whose provider speaks OpenAI Chat Completions: what
 * reaches the provider must be a valid Chat Completions request with the provider's bearer key, the SDK must
 * parse text, tool_use blocks, stop reasons, usage and typed errors, and spend is metered at the OpenAI model's
 * prices.
 */
class CrossFormatAnthropicSdkIntegrationTest {

    private static final String MODELS = """
              gpt-bad:
                provider: openai
                price: {input: 2.5, cached_input: 1.25, output: 10}
              gpt-limited:
                provider: openai
                price: {input: 2.5, cached_input: 1.25, output: 10}
              claude-doomed:
                provider: anthropic
                upstream_model: claude-flaky-up
                price: {input: 3, cached_input: 0.3, cache_write_5m: 3.75, cache_write_1h: 6, output: 15}
                fallbacks: [gpt-bad]
              claude-flaky:
                provider: anthropic
                upstream_model: claude-flaky-up
                price: {input: 3, cached_input: 0.3, cache_write_5m: 3.75, cache_write_1h: 6, output: 15}
                fallbacks: [gpt-5-mini]
            """;
    private static final String BAD_REQUEST = "{\"error\":{\"message\":\"Invalid value for 'tools[0].function.name':"
            + " string does not match pattern.\",\"type\":\"invalid_request_error\",\"param\":"
            + "\"tools[0].function.name\",\"code\":\"invalid_value\"}}";

    private static FixtureProvider fixtures;
    private static WireMockServer provider;
    private static TestGateway gateway;
    private static TestGateway oneAttempt;
    private static ScriptedProvider scripted;
    private static TestGateway cutGateway;

    @BeforeAll
    static void start() {
        fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-5-mini", false, "openai-chat.json")
                .replay("/v1/chat/completions", "gpt-4o-mini", true, "openai-chat-stream.sse")
                .replay("/v1/chat/completions", "gpt-4o", true, "openai-chat-stream-tools.sse")
                .replay("/v1/chat/completions", "gpt-4o", false, "openai-chat-tools.json")
                .replay("/v1/chat/completions", "gpt-5-mini", true, "openai-chat-stream.sse");
        provider = fixtures.wireMock();
        // once a tool result is in the conversation, gpt-4o answers with text
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
                .withRequestBody(matchingJsonPath("$.stream", absent()))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(WireFixtures.bytes("openai-chat.json"))));
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-bad")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(BAD_REQUEST)));
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-limited")))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("retry-after", "4").withBody(WireFixtures.bytes("openai-error-429.json"))));
        provider.stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-flaky-up")))
                .willReturn(aResponse().withStatus(529).withHeader("Content-Type", "application/json")
                        .withBody(WireFixtures.bytes("anthropic-error-529-overloaded.json"))));
        // the anthropic provider only serves failing models here: its breaker must not open between tests
        gateway = TestGateway.startYaml(withAnthropicBreaker(1000) + MODELS
                + "routing:\n  retry:\n    initial_backoff: 10ms\n    max_backoff: 20ms\n"
                + "guardrails:\n  caps:\n    - {name: output, match: {feature: xa-capped}, max_output_tokens: 100}\n");
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

    private static AnthropicClient client(String baseUrl, String feature) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("sk-ant-caller-key")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(15))
                .putHeader("X-LLM-Feature", feature)
                .build();
    }

    private static Tool weatherTool() {
        return Tool.builder().name("get_weather").description("Current weather for a location")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("location", Map.of("type", "string"),
                                "unit", Map.of("type", "string"))))
                        .required(List.of("location")).build())
                .build();
    }

    @Test
    void messageIsServedByOpenAiAndMeteredAtOpenAiPrices() {
        MessageCreateParams params = MessageCreateParams.builder().model("gpt-5-mini").maxTokens(1024)
                .system("You are an accounting assistant.").addUserMessage("What is the invoice total?").build();
        HttpResponseFor<Message> raw = client(gateway.anthropicBaseUrl(), "xa-text").messages().withRawResponse()
                .create(params);
        Message message = raw.parse();

        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).asText().text()).isEqualTo(
                "The invoice total is $1,598.40: a $1,480.00 subtotal plus 8% sales tax ($118.40).");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).as("prompt minus cached").isEqualTo(86);
        assertThat(message.usage().cacheReadInputTokens()).hasValue(1920L);
        assertThat(message.usage().outputTokens()).isEqualTo(300);
        assertThat(raw.headers().values("X-LLM-Provider")).containsExactly("openai");
        assertThat(raw.headers().values("X-LLM-Model")).containsExactly("gpt-5-mini");

        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "xa-text");
        assertSplit(row, 86, 1920, 0, 0, 300, 192, "0.0006695");
        assertThat(row.path("provider").asText()).isEqualTo("openai");
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-provider-key"))
                .withHeader("anthropic-version", absent())
                .withHeader("x-api-key", absent())
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-5-mini")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[0].content",
                        containing("You are an accounting assistant.")))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("What is the invoice total?")))
                .withRequestBody(matchingJsonPath("$.system", absent()))
                .withRequestBody(matchingJsonPath("$.stream", absent())));
    }

    @Test
    void toolUseRoundTripsThroughOpenAiToolCallsAndToolMessages() {
        AnthropicClient client = client(gateway.anthropicBaseUrl(), "xa-tools");
        Message first = client.messages().create(MessageCreateParams.builder().model("gpt-4o").maxTokens(512)
                .addUserMessage("What's the weather in Paris?").addTool(weatherTool()).build());

        assertThat(first.stopReason()).hasValue(StopReason.TOOL_USE);
        List<ToolUseBlock> uses = first.content().stream().filter(ContentBlock::isToolUse)
                .map(ContentBlock::asToolUse).toList();
        assertThat(uses).hasSize(1);
        assertThat(uses.get(0).id()).isEqualTo("call_Zq4Wm8Kt2Rb6Np0Xs3Hc9Ly1");
        assertThat(uses.get(0).name()).isEqualTo("get_weather");
        assertThat(tree(uses.get(0)._input())).isEqualTo(tree(JsonValue.from(
                Map.of("location", "Paris, France", "unit", "celsius"))));
        assertThat(first.usage().inputTokens()).isEqualTo(82);
        assertThat(first.usage().outputTokens()).isEqualTo(17);
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .withRequestBody(matchingJsonPath("$.tools[0].type", equalTo("function")))
                .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("get_weather")))
                .withRequestBody(matchingJsonPath("$.tools[0].function.description",
                        equalTo("Current weather for a location")))
                .withRequestBody(matchingJsonPath("$.tools[0].function.parameters.type", equalTo("object")))
                .withRequestBody(matchingJsonPath("$.tools[0].function.parameters.required[0]",
                        equalTo("location"))));

        Message answer = client.messages().create(MessageCreateParams.builder().model("gpt-4o").maxTokens(512)
                .addUserMessage("What's the weather in Paris?").addTool(weatherTool())
                .addMessage(first)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(uses.get(0).id())
                                .content("{\"temperature\": 18, \"sky\": \"cloudy\"}").build())))
                .build());
        assertThat(answer.content().get(0).asText().text()).startsWith("The invoice total");
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("assistant")))
                .withRequestBody(matchingJsonPath("$.messages[1].tool_calls[0].id",
                        equalTo("call_Zq4Wm8Kt2Rb6Np0Xs3Hc9Ly1")))
                .withRequestBody(matchingJsonPath("$.messages[1].tool_calls[0].type", equalTo("function")))
                .withRequestBody(matchingJsonPath("$.messages[1].tool_calls[0].function.name",
                        equalTo("get_weather")))
                .withRequestBody(matchingJsonPath("$.messages[1].tool_calls[0].function.arguments",
                        containing("Paris, France")))
                .withRequestBody(matchingJsonPath("$.messages[2].role", equalTo("tool")))
                .withRequestBody(matchingJsonPath("$.messages[2].tool_call_id",
                        equalTo("call_Zq4Wm8Kt2Rb6Np0Xs3Hc9Ly1")))
                .withRequestBody(matchingJsonPath("$.messages[2].content", containing("cloudy"))));

        List<JsonNode> rows = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gateway.ledger()
                .stream().filter(r -> r.path("feature").asText().equals("xa-tools")).toList(), l -> l.size() >= 2);
        assertThat(rows).hasSize(2);
        // openai-chat-tools.json at gpt-4o prices: 82*2.5 + 17*10; then openai-chat.json: 86*2.5 + 1920*1.25 + 300*10
        assertSplit(rows.get(0), 82, 0, 0, 0, 17, 0, "0.000375");
        assertSplit(rows.get(1), 86, 1920, 0, 0, 300, 192, "0.005615");
    }

    @Test
    void textStreamIsTranslatedToMessageEventsAndMetered() {
        List<RawMessageStreamEvent> events = new ArrayList<>();
        MessageAccumulator acc = MessageAccumulator.create();
        HttpResponseFor<StreamResponse<RawMessageStreamEvent>> raw = client(gateway.anthropicBaseUrl(),
                "xa-stream").messages().withRawResponse().createStreaming(MessageCreateParams.builder()
                .model("gpt-4o-mini").maxTokens(256).addUserMessage("Say hello").build());
        try (StreamResponse<RawMessageStreamEvent> s = raw.parse()) {
            s.stream().forEach(e -> {
                events.add(e);
                acc.accumulate(e);
            });
        }
        assertThat(raw.headers().values("X-LLM-Provider")).containsExactly("openai");
        Message message = acc.message();
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).asText().text()).isEqualTo("Hello! How can I help you today?");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isEqualTo(9);
        assertThat(events.get(0).isMessageStart()).isTrue();
        assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
        RawMessageStreamEvent delta = events.stream().filter(RawMessageStreamEvent::isMessageDelta).findFirst()
                .orElseThrow();
        assertThat(delta.asMessageDelta().usage().inputTokens()).hasValue(216L);
        assertThat(delta.asMessageDelta().usage().cacheReadInputTokens()).hasValue(1024L);

        assertSplit(OpenAiSdkIntegrationTest.onlyRow(gateway, "xa-stream"), 216, 1024, 0, 0, 9, 0, "0.0001146");
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-provider-key"))
                .withHeader("anthropic-version", absent())
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
    }

    @Test
    void parallelToolCallStreamBecomesTwoToolUseBlocks() {
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = client(gateway.anthropicBaseUrl(), "xa-stream-tools")
                .messages().createStreaming(MessageCreateParams.builder().model("gpt-4o").maxTokens(256)
                        .addUserMessage("Weather in Paris and Tokyo?").addTool(weatherTool()).build())) {
            s.stream().forEach(acc::accumulate);
        }
        Message message = acc.message();
        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        List<ToolUseBlock> uses = message.content().stream().filter(ContentBlock::isToolUse)
                .map(ContentBlock::asToolUse).toList();
        assertThat(uses).extracting(ToolUseBlock::id)
                .containsExactly("call_8Xk2LpQ9vRt4MwZc1NyHs7Ja", "call_Fq3Tn6WbY0sKd8Re5HmXc2Lg");
        assertThat(uses).extracting(ToolUseBlock::name).containsOnly("get_weather");
        assertThat(tree(uses.get(0)._input())).isEqualTo(tree(JsonValue.from(Map.of("city", "Paris"))));
        assertThat(tree(uses.get(1)._input())).isEqualTo(tree(JsonValue.from(Map.of("city", "Tokyo"))));
        assertThat(message.usage().outputTokens()).isEqualTo(46);
        assertSplit(OpenAiSdkIntegrationTest.onlyRow(gateway, "xa-stream-tools"), 88, 0, 0, 0, 46, 0, "0.00068");
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("get_weather"))));
    }

    @Test
    void openAiBadRequestRaisesTheAnthropicSdkBadRequestException() {
        assertThatThrownBy(() -> client(oneAttempt.anthropicBaseUrl(), "xa-400").messages().create(
                MessageCreateParams.builder().model("gpt-bad").maxTokens(64).addUserMessage("hi").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    JsonNode body = ObjectMappers.jsonMapper().valueToTree(e.body());
                    assertThat(body.path("type").asText()).as("Anthropic error envelope: %s", body)
                            .isEqualTo("error");
                    assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
                    assertThat(body.path("error").path("message").asText()).contains("tools[0].function.name");
                });
    }

    @Test
    void openAiRateLimitRaisesTheAnthropicSdkRateLimitException() {
        assertThatThrownBy(() -> client(oneAttempt.anthropicBaseUrl(), "xa-429").messages().create(
                MessageCreateParams.builder().model("gpt-limited").maxTokens(64).addUserMessage("hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    JsonNode body = ObjectMappers.jsonMapper().valueToTree(e.body());
                    assertThat(body.path("error").path("type").asText()).isEqualTo("rate_limit_error");
                    assertThat(body.path("error").path("message").asText()).contains("Rate limit reached");
                });
    }

    @Test
    void thinkingCannotBeTranslatedAndIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> client(gateway.anthropicBaseUrl(), "xa-thinking").messages().create(
                MessageCreateParams.builder().model("gpt-5-mini").maxTokens(4096).enabledThinking(1024)
                        .addUserMessage("refuse-me-thinking").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    JsonNode body = ObjectMappers.jsonMapper().valueToTree(e.body());
                    assertThat(body.path("type").asText()).isEqualTo("error");
                    assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
                    assertThat(body.path("error").path("message").asText()).contains("thinking");
                });
        provider.verify(0, postRequestedFor(urlMatching(".*")).withRequestBody(containing("refuse-me")));
    }

    @Test
    void overloadedClaudeFallsBackToAnOpenAiModel() {
        HttpResponseFor<Message> raw = client(gateway.anthropicBaseUrl(), "xa-fallback").messages()
                .withRawResponse().create(MessageCreateParams.builder().model("claude-flaky").maxTokens(256)
                        .addUserMessage("fallback please").build());
        Message message = raw.parse();
        assertThat(message.content().get(0).asText().text()).startsWith("The invoice total");
        assertThat(raw.headers().values("X-LLM-Fallback")).containsExactly("overloaded");
        assertThat(raw.headers().values("X-LLM-Provider")).containsExactly("openai");
        assertThat(raw.headers().values("X-LLM-Model")).containsExactly("gpt-5-mini");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "xa-fallback");
        assertSplit(row, 86, 1920, 0, 0, 300, 192, "0.0006695");
        assertThat(row.path("fallback_reason").asText()).isEqualTo("overloaded");
    }

    @Test
    void overloadedClaudeFallsBackToAnOpenAiStream() {
        MessageAccumulator acc = MessageAccumulator.create();
        HttpResponseFor<StreamResponse<RawMessageStreamEvent>> raw = client(gateway.anthropicBaseUrl(),
                "xa-fallback-stream").messages().withRawResponse().createStreaming(MessageCreateParams.builder()
                .model("claude-flaky").maxTokens(256).addUserMessage("stream fallback please").build());
        try (StreamResponse<RawMessageStreamEvent> s = raw.parse()) {
            s.stream().forEach(acc::accumulate);
        }
        assertThat(raw.headers().values("X-LLM-Fallback")).containsExactly("overloaded");
        assertThat(acc.message().content().get(0).asText().text()).isEqualTo("Hello! How can I help you today?");
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "xa-fallback-stream");
        // openai-chat-stream.sse usage at gpt-5-mini prices: 216*0.25 + 1024*0.025 + 9*2
        assertSplit(row, 216, 1024, 0, 0, 9, 0, "0.0000976");
        assertThat(row.path("routed_model").asText()).isEqualTo("gpt-5-mini");
    }

    @Test
    void systemBlocksWithCacheControlBecomeTheSystemMessage() {
        client(gateway.anthropicBaseUrl(), "xa-system").messages().create(MessageCreateParams.builder()
                .model("gpt-5-mini").maxTokens(333)
                .systemOfTextBlockParams(List.of(TextBlockParam.builder().text("Rules part one.").build(),
                        TextBlockParam.builder().text("Rules part two.")
                                .cacheControl(CacheControlEphemeral.builder().build()).build()))
                .addUserMessage("system-check").build());
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Rules part one.")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Rules part two.")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("system-check")))
                .withRequestBody(matchingJsonPath("$.messages[2]", absent())));
    }

    @Test
    void openAiBadRequestOnAStreamingRequestRaisesBadRequestException() {
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client(oneAttempt.anthropicBaseUrl(), "xa-400-stream")
                    .messages().createStreaming(MessageCreateParams.builder().model("gpt-bad").maxTokens(64)
                            .addUserMessage("hi").build())) {
                s.stream().toList();
            }
        }).isInstanceOf(BadRequestException.class);
    }

    @Test
    void openAiStreamCutMidwayRaisesInTheAnthropicSdk() {
        String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},"
                + "\"finish_reason\":null}]}\n\n";
        scripted.next(new Script(List.of(chunk.formatted("Once upon a time"), chunk.formatted(" there was")),
                false, true));
        List<RawMessageStreamEvent> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client(cutGateway.anthropicBaseUrl(), "xa-cut")
                    .messages().createStreaming(MessageCreateParams.builder().model("gpt-4o-mini").maxTokens(256)
                            .addUserMessage("Tell me a story").build())) {
                s.stream().forEach(seen::add);
            }
        }).isInstanceOf(com.anthropic.errors.AnthropicServiceException.class);
        assertThat(seen).as("events before the cut reach the client").isNotEmpty();
        assertThat(seen).noneMatch(RawMessageStreamEvent::isMessageStop);
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(cutGateway, "xa-cut");
        assertThat(row.path("outcome").asText()).isEqualTo("upstream_cut");
        assertThat(scripted.lastRequest()).startsWith("POST /v1/chat/completions ")
                .contains("\"include_usage\":true");
    }

    @Test
    void whenTheCrossFormatFallbackFailsTooItsErrorReachesTheClientInAnthropicFormat() {
        assertThatThrownBy(() -> client(gateway.anthropicBaseUrl(), "xa-doomed").messages().create(
                MessageCreateParams.builder().model("claude-doomed").maxTokens(64).addUserMessage("doomed").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    JsonNode body = ObjectMappers.jsonMapper().valueToTree(e.body());
                    assertThat(body.path("type").asText()).as("Anthropic error shape: %s", body).isEqualTo("error");
                    assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
                    assertThat(body.path("error").path("message").asText()).contains("tools[0].function.name");
                });
    }

    @Test
    void toolChoiceMetadataAndImagesAreTranslated() {
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        client(gateway.anthropicBaseUrl(), "xa-request-shape").messages().create(MessageCreateParams.builder()
                .model("gpt-4o").maxTokens(200).addStopSequence("END")
                .addUserMessageOfContentBlockParams(List.of(
                        ContentBlockParam.ofText("shape-check: weather for the city in this picture"),
                        ContentBlockParam.ofImage(Base64ImageSource.builder()
                                .mediaType(Base64ImageSource.MediaType.IMAGE_PNG).data(png).build())))
                .addTool(weatherTool())
                .toolChoice(ToolChoiceTool.builder().name("get_weather").build())
                .metadata(Metadata.builder().userId("end-user-9").build()).build());
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].type", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].text", containing("shape-check")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].type", equalTo("image_url")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].image_url.url",
                        equalTo("data:image/png;base64," + png)))
                .withRequestBody(matchingJsonPath("$.tool_choice.type", equalTo("function")))
                .withRequestBody(matchingJsonPath("$.tool_choice.function.name", equalTo("get_weather")))
                .withRequestBody(matchingJsonPath("$.user", equalTo("end-user-9")))
                .withRequestBody(matchingJsonPath("$.stop[0]", equalTo("END")))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo("200")))
                .withRequestBody(matchingJsonPath("$.max_tokens", absent()))
                .withRequestBody(matchingJsonPath("$.metadata", absent())));
    }

    @Test
    void openAiStreamSplitAtArbitraryBytesKeepsMultiByteText() {
        String text1 = "Caf\u00e9 cr\u00e8me \u2014 na\u00efve ";
        String text2 = "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 \ud83d\ude00 done";
        String chunk = "data: {\"id\":\"chatcmpl-utf\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},"
                + "\"finish_reason\":%s}],\"usage\":null}\n\n";
        String sse = chunk.formatted(text1, "null") + chunk.formatted(text2, "null")
                + chunk.formatted("", "\"stop\"")
                + "data: {\"id\":\"chatcmpl-utf\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":30,"
                + "\"completion_tokens\":20,\"total_tokens\":50}}\n\ndata: [DONE]\n\n";
        provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("utf8-split")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .withChunkedDribbleDelay(97, 500)));
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = client(gateway.anthropicBaseUrl(), "xa-utf8").messages()
                .createStreaming(MessageCreateParams.builder().model("gpt-4o-mini").maxTokens(100)
                        .addUserMessage("utf8-split").build())) {
            s.stream().forEach(acc::accumulate);
        }
        assertThat(acc.message().content().get(0).asText().text()).isEqualTo(text1 + text2);
        JsonNode row = OpenAiSdkIntegrationTest.onlyRow(gateway, "xa-utf8");
        assertThat(row.path("outcome").asText()).isEqualTo("success");
        assertThat(row.path("output_tokens").asLong()).isEqualTo(20);
        assertThat(row.path("input_tokens").asLong()).isEqualTo(30);
    }

    @Test
    void outputCapsApplyToTheTranslatedRequest() {
        client(gateway.anthropicBaseUrl(), "xa-capped").messages().create(MessageCreateParams.builder()
                .model("gpt-5-mini").maxTokens(4000).addUserMessage("capped-anthropic").build());
        provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("capped-anthropic"))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo("100"))));
    }

    /** The standard config, the anthropic provider's circuit breaker opening after {@code threshold} failures. */
    private static String withAnthropicBreaker(int threshold) {
        String timeouts = "    timeouts: {connect: 2s, first_byte: 5s, idle: 5s, total: 30s}\n";
        String yaml = TestConfigs.standard(fixtures.openAiBaseUrl(), fixtures.baseUrl(), Path.of("${LEDGER_DIR}"))
                .replace("dir: ${LEDGER_DIR}", "dir: \"${LEDGER_DIR}\"");
        int at = yaml.lastIndexOf(timeouts) + timeouts.length();
        return yaml.substring(0, at) + "    circuit_breaker: {failure_threshold: " + threshold
                + ", open_for: 60s}\n" + yaml.substring(at);
    }

    private static JsonNode tree(JsonValue value) {
        return ObjectMappers.jsonMapper().valueToTree(value);
    }
}
