package dev.spendgate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.api.Endpoint;
import dev.spendgate.metering.CostCalculator;
import dev.spendgate.metering.TestPrices;
import dev.spendgate.metering.TokenUsage;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every streamed fixture yields the token split and exact cost of FIXTURES.md, whole or fed byte by byte. */
class StreamUsageFixtureTest {

    /** Expected metering of one fixture; {@code usage} null means "no usage on the wire". */
    record Expected(String fixture, Endpoint endpoint, @Nullable TokenUsage usage, String priceKey, String cost,
            String servedModel, @Nullable String errorType, boolean complete, String text) {
        @Override
        public String toString() {
            return fixture;
        }
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                new Expected("openai-chat-stream.sse", Endpoint.CHAT_COMPLETIONS,
                        new TokenUsage(216, 1024, 0, 0, 9, 0), "gpt-4o-mini", "0.0001146",
                        "gpt-4o-mini-2024-07-18", null, true, "Hello! How can I help you today?"),
                new Expected("openai-chat-stream-tools.sse", Endpoint.CHAT_COMPLETIONS,
                        new TokenUsage(88, 0, 0, 0, 46, 0), "gpt-4o", "0.00068",
                        "gpt-4o-2024-08-06", null, true, "{\"city\": \"Paris\"}{\"city\": \"Tokyo\"}"),
                new Expected("openai-chat-stream-no-usage.sse", Endpoint.CHAT_COMPLETIONS, null, "gpt-4.1-nano", "0",
                        "gpt-4.1-nano-2025-04-14", null, true, "Paris."),
                new Expected("azure-openai-chat-stream.sse", Endpoint.CHAT_COMPLETIONS,
                        new TokenUsage(23, 0, 0, 0, 8, 0), "gpt-4o", "0.0001375",
                        "gpt-4o-2024-11-20", null, true, "Hi! How can I help?"),
                new Expected("openai-responses-stream.sse", Endpoint.RESPONSES,
                        new TokenUsage(252, 1280, 0, 0, 389, 320), "gpt-5-mini", "0.000873",
                        "gpt-5-mini-2025-08-07", null, true, "Three primary colors of light: red, green, and blue."),
                new Expected("anthropic-messages-stream.sse", Endpoint.MESSAGES,
                        new TokenUsage(24, 2048, 0, 0, 57, 0), "claude-haiku-4-5-20251001", "0.0005138",
                        "claude-haiku-4-5-20251001", null, true, "Prompt caching storesthe processed prefix of your"
                        + " request (system prompt, tools, documents) so that later requests sharing the same prefix"
                        + " are billed at 10% of the base input price instead of reprocessing it.\n\nCache writes"
                        + " cost 1.25x base input for the 5-minute TTL."),
                new Expected("anthropic-messages-stream-thinking-tools.sse", Endpoint.MESSAGES,
                        new TokenUsage(472, 0, 0, 2100, 89, 0), "claude-opus-4-1-20250805", "0.076755",
                        "claude-opus-4-1-20250805", null, true, "The user wants the weather in Paris.I should call"
                        + " get_weather with location Paris, France.{\"location\": \"Paris, France\"}"),
                new Expected("anthropic-messages-stream-error.sse", Endpoint.MESSAGES,
                        new TokenUsage(1210, 0, 0, 0, 2, 0), "claude-sonnet-4-5-20250929", "0.00366",
                        "claude-sonnet-4-5-20250929", "overloaded_error", false, "Here is a summary of the")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureYieldsTheDocumentedUsageAndExactCost(Expected expected) {
        StreamUsage result = Wire.extract(expected.endpoint(), expected.fixture(), Integer.MAX_VALUE);

        assertThat(result.usage()).isEqualTo(expected.usage());
        BigDecimal cost = result.usage() == null ? BigDecimal.ZERO
                : CostCalculator.cost(result.usage(), TestPrices.of(expected.priceKey()));
        assertThat(cost).isEqualByComparingTo(expected.cost());
        assertThat(result.servedModel()).isEqualTo(expected.servedModel());
        assertThat(result.errorType()).isEqualTo(expected.errorType());
        assertThat(result.complete()).isEqualTo(expected.complete());
        assertThat(result.outputText()).isEqualTo(expected.text());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureReadFromBytesFromDecodedEventsAndByTheTreeAlone(Expected expected) {
        StreamUsage bytes = Wire.extract(expected.endpoint(), expected.fixture(), Integer.MAX_VALUE);

        assertThat(Wire.extractValues(expected.endpoint(), expected.fixture())).isEqualTo(bytes);
        assertThat(Wire.extractTree(expected.endpoint(), expected.fixture())).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureFedOneByteAtATimeYieldsTheSameResult(Expected expected) {
        StreamUsage whole = Wire.extract(expected.endpoint(), expected.fixture(), Integer.MAX_VALUE);

        assertThat(Wire.extract(expected.endpoint(), expected.fixture(), 1)).isEqualTo(whole);
        assertThat(Wire.extract(expected.endpoint(), expected.fixture(), Wire.randomSizes(42, 8192)))
                .isEqualTo(whole);
    }
}
