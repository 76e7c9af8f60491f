package dev.spendgate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.api.Endpoint;
import dev.spendgate.metering.CostCalculator;
import dev.spendgate.metering.TestPrices;
import dev.spendgate.metering.TokenUsage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Non-streamed bodies: FIXTURES.md splits and costs, any buffer shape, and never a throw. */
class JsonUsageParserTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("openai-chat.json", Endpoint.CHAT_COMPLETIONS, new TokenUsage(86, 1920, 0, 0, 300, 192),
                        "gpt-5-mini", "0.0006695", "gpt-5-mini-2025-08-07"),
                Arguments.of("openai-responses.json", Endpoint.RESPONSES, new TokenUsage(176, 2944, 0, 0, 710, 512),
                        "gpt-5", "0.007688", "gpt-5-2025-08-07"),
                Arguments.of("openai-embeddings.json", Endpoint.EMBEDDINGS, new TokenUsage(14, 0, 0, 0, 0, 0),
                        "text-embedding-3-small", "0.00000028", "text-embedding-3-small"),
                Arguments.of("openai-embeddings-base64.json", Endpoint.EMBEDDINGS, new TokenUsage(14, 0, 0, 0, 0, 0),
                        "text-embedding-3-small", "0.00000028", "text-embedding-3-small"),
                Arguments.of("anthropic-messages.json", Endpoint.MESSAGES, new TokenUsage(42, 10240, 1536, 0, 318, 0),
                        "claude-sonnet-4-5-20250929", "0.013728", "claude-sonnet-4-5-20250929"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureYieldsTheDocumentedUsageAndExactCost(String fixture, Endpoint endpoint, TokenUsage usage,
            String priceKey, String cost, String model) {
        ByteBuf body = Unpooled.wrappedBuffer(Wire.bytes(fixture));

        ParsedUsage parsed = JsonUsageParser.parse(endpoint, body);

        assertThat(parsed).isEqualTo(new ParsedUsage(usage, model));
        assertThat(CostCalculator.cost(parsed.usage(), TestPrices.of(priceKey))).isEqualByComparingTo(cost);
        body.release();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void bodyInManyDirectComponentsParsesLikeTheWholeAndKeepsItsReaderIndex(String fixture, Endpoint endpoint,
            TokenUsage usage, String priceKey, String cost, String model) {
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        CompositeByteBuf body = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
        for (byte[] piece : Wire.split(Wire.bytes(fixture), 3, 1, 17, 5)) {
            body.addComponent(true, alloc.directBuffer(piece.length).writeBytes(piece));
        }
        int readerIndex = body.readerIndex();

        assertThat(JsonUsageParser.parse(endpoint, body)).isEqualTo(new ParsedUsage(usage, model));
        assertThat(body.readerIndex()).isEqualTo(readerIndex);
        assertThat(body.refCnt()).isEqualTo(1);
        body.release();
        assertThat(body.refCnt()).isZero();
    }

    @Test
    void heapBufferWithOffsetAndReaderIndexIsReadFromTheReaderIndex() {
        byte[] json = "garbage{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4},\"model\":\"m\"}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuf body = Unpooled.wrappedBuffer(json).slice(2, json.length - 2);
        body.readerIndex(5);

        assertThat(JsonUsageParser.parse(Endpoint.CHAT_COMPLETIONS, body))
                .isEqualTo(new ParsedUsage(new TokenUsage(3, 0, 0, 0, 4, 0), "m"));
        assertThat(body.readerIndex()).isEqualTo(5);
        body.release();
    }

    @Test
    void largeUnreadValuesAreSkippedAndNestedUsageOrModelIsIgnored() {
        String big = "[" + "0.0123,".repeat(500_000) + "1]";
        String json = "{\"data\":[{\"embedding\":" + big + ",\"model\":\"inner\",\"usage\":{\"prompt_tokens\":9}}],"
                + "\"model\":\"outer\",\"usage\":{\"prompt_tokens\":14,\"total_tokens\":14}}";
        ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);

        assertThat(JsonUsageParser.parse(Endpoint.EMBEDDINGS, body))
                .isEqualTo(new ParsedUsage(new TokenUsage(14, 0, 0, 0, 0, 0), "outer"));
        body.release();
    }

    @Test
    void invalidOrNonObjectBodiesGiveNullUsageWithoutThrowing() {
        for (String text : new String[] {"", "not json", "[1]", "{\"model\":\"m\",\"usage\":{\"prompt_tokens\":",
                "<html>502 Bad Gateway</html>", "{\"usage\":null}"}) {
            ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            assertThat(JsonUsageParser.parse(Endpoint.CHAT_COMPLETIONS, body).usage()).as(text).isNull();
            body.release();
        }
    }

    @Test
    void countsBeyondALongDoNotWrapIntoSmallOnes() {
        for (String endpointAndBody : new String[] {
            "{\"model\":\"m\",\"usage\":{\"prompt_tokens\":18446744073709551716,\"completion_tokens\":5}}",
            "{\"model\":\"m\",\"usage\":{\"prompt_tokens\":1e30,\"completion_tokens\":5}}"}) {
            ByteBuf body = Unpooled.copiedBuffer(endpointAndBody, StandardCharsets.UTF_8);
            TokenUsage usage = JsonUsageParser.parse(Endpoint.CHAT_COMPLETIONS, body).usage();
            assertThat(usage).as(endpointAndBody).isNotNull();
            assertThat(usage.input()).as(endpointAndBody).isEqualTo(Long.MAX_VALUE);
            body.release();
        }
        ByteBuf anthropic = Unpooled.copiedBuffer("{\"model\":\"claude\",\"usage\":{\"input_tokens\":"
                + "18446744073709551716,\"output_tokens\":8}}", StandardCharsets.UTF_8);
        assertThat(JsonUsageParser.parse(Endpoint.MESSAGES, anthropic).usage().input()).isEqualTo(Long.MAX_VALUE);
        anthropic.release();
    }

    @Test
    void cachedTokensBeyondThePromptAreClampedToIt() {
        ByteBuf body = Unpooled.copiedBuffer("{\"model\":\"m\",\"usage\":{\"prompt_tokens\":100,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":500},\"completion_tokens\":5}}",
                StandardCharsets.UTF_8);

        assertThat(JsonUsageParser.parse(Endpoint.CHAT_COMPLETIONS, body).usage())
                .isEqualTo(new TokenUsage(0, 100, 0, 0, 5, 0));
        body.release();
    }

    @Test
    void anthropicBodyWithoutTtlBreakdownBillsCacheCreationAtFiveMinutes() {
        ByteBuf body = Unpooled.copiedBuffer("{\"model\":\"claude\",\"usage\":{\"input_tokens\":5,"
                + "\"cache_creation_input_tokens\":70,\"cache_read_input_tokens\":null,\"output_tokens\":8}}",
                StandardCharsets.UTF_8);

        assertThat(JsonUsageParser.parse(Endpoint.MESSAGES, body).usage())
                .isEqualTo(new TokenUsage(5, 0, 70, 0, 8, 0));
        body.release();
    }
}
