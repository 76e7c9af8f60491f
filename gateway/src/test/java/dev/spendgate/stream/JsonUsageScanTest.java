package dev.spendgate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.api.Endpoint;
import dev.spendgate.metering.TokenUsage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-place scan of a buffered body agrees with Jackson's streaming parse wherever it answers, and leaves to
 * Jackson what only Jackson maps (repeated keys, fractional counts, invalid JSON).
 */
class JsonUsageScanTest {

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("openai-chat.json", Endpoint.CHAT_COMPLETIONS),
                Arguments.of("openai-chat-tools.json", Endpoint.CHAT_COMPLETIONS),
                Arguments.of("openai-responses.json", Endpoint.RESPONSES),
                Arguments.of("openai-embeddings.json", Endpoint.EMBEDDINGS),
                Arguments.of("anthropic-messages.json", Endpoint.MESSAGES),
                Arguments.of("anthropic-messages-tool-use.json", Endpoint.MESSAGES));
    }

    private static ParsedUsage stream(Endpoint endpoint, byte[] body) {
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        try {
            return JsonUsageParser.stream(endpoint, buf);
        } finally {
            buf.release();
        }
    }

    private static ParsedUsage parse(Endpoint endpoint, String body) {
        ByteBuf buf = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        try {
            return JsonUsageParser.parse(endpoint, buf);
        } finally {
            buf.release();
        }
    }

    private static ParsedUsage scan(Endpoint endpoint, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return JsonUsageParser.scan(endpoint, bytes, 0, bytes.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void everyFixtureIsReadByTheScanLikeJacksonReadsIt(String fixture, Endpoint endpoint) {
        byte[] body = Wire.bytes(fixture);

        ParsedUsage scanned = JsonUsageParser.scan(endpoint, body, 0, body.length);

        assertThat(scanned).isNotNull().isEqualTo(stream(endpoint, body));
        assertThat(scanned.usage()).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void mutatedBodiesAreReadLikeJacksonReadsThem(String fixture, Endpoint endpoint) {
        byte[] body = Wire.bytes(fixture);
        int scanned = 0;
        for (long seed = 0; seed < 3000; seed++) {
            byte[] mutated = Mutations.apply(body, new Random(seed));
            ParsedUsage result = JsonUsageParser.scan(endpoint, mutated, 0, mutated.length);
            if (result != null) {
                scanned++;
                assertThat(result).as("seed %d: %s", seed, new String(mutated, StandardCharsets.UTF_8))
                        .isEqualTo(stream(endpoint, mutated));
            }
        }
        assertThat(scanned).as("most mutations stay valid JSON the scan reads").isGreaterThan(1000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void bodyCutAtEveryByteIsLeftToJacksonOrReadAlike(String fixture, Endpoint endpoint) {
        byte[] body = Wire.bytes(fixture);
        int end = body.length;
        while (Character.isWhitespace(body[end - 1])) {
            end--;
        }
        for (int cut = 0; cut < body.length; cut++) {
            ParsedUsage result = JsonUsageParser.scan(endpoint, body, 0, cut);
            if (cut < end) {
                assertThat(result).as("cut at %d", cut).isNull();
            } else {
                assertThat(result).isEqualTo(stream(endpoint, body));
            }
        }
    }

    @Test
    void keysInAnyOrderWithWhitespaceAndEscapesAreRead() {
        assertThat(scan(Endpoint.CHAT_COMPLETIONS, " \r\n\t{ \"usage\" : { \"completion_tokens\" : 4 ,"
                + " \"prompt_tokens\" : 10 } , \"model\" : \"caf\\u00e9-\\\"x\\\"\" } trailing"))
                .isEqualTo(new ParsedUsage(new TokenUsage(10, 0, 0, 0, 4, 0), "café-\"x\""));
    }

    @Test
    void usageMentionedInsideAStringIsNotTheUsage() {
        assertThat(scan(Endpoint.CHAT_COMPLETIONS,
                "{\"model\":\"m\",\"content\":\"\\\"usage\\\":{\\\"prompt_tokens\\\":99}\"}"))
                .isEqualTo(new ParsedUsage(null, "m"));
    }

    @Test
    void nullOrMissingValuesGiveNullUsageOrZeroCounts() {
        assertThat(scan(Endpoint.CHAT_COMPLETIONS, "{\"model\":null,\"usage\":null}"))
                .isEqualTo(ParsedUsage.NONE);
        assertThat(scan(Endpoint.CHAT_COMPLETIONS, "{\"model\":\"\",\"usage\":{\"prompt_tokens\":null,"
                + "\"prompt_tokens_details\":null,\"completion_tokens\":\"5\"}}"))
                .isEqualTo(new ParsedUsage(TokenUsage.ZERO, ""));
    }

    @Test
    void whatOnlyJacksonMapsIsLeftToItAndParseStillAnswers() {
        String repeated = "{\"model\":7,\"model\":\"second\",\"usage\":{\"prompt_tokens\":1}}";
        String fraction = "{\"model\":\"m\",\"usage\":{\"prompt_tokens\":12.7,\"completion_tokens\":1e1}}";
        String huge = "{\"usage\":{\"prompt_tokens\":12345678901234567890}}";

        assertThat(scan(Endpoint.CHAT_COMPLETIONS, repeated)).isNull();
        assertThat(parse(Endpoint.CHAT_COMPLETIONS, repeated).servedModel()).isEqualTo("second");
        assertThat(scan(Endpoint.CHAT_COMPLETIONS, fraction)).isNull();
        assertThat(parse(Endpoint.CHAT_COMPLETIONS, fraction).usage()).isEqualTo(new TokenUsage(12, 0, 0, 0, 10, 0));
        assertThat(scan(Endpoint.CHAT_COMPLETIONS, huge)).isNull();
        assertThat(parse(Endpoint.CHAT_COMPLETIONS, huge).usage()).as("BigInteger.longValue wraps, as before")
                .isEqualTo(stream(Endpoint.CHAT_COMPLETIONS, huge.getBytes(StandardCharsets.UTF_8)).usage());
    }

    @Test
    void endpointsWithoutUsageMappingGiveOnlyTheModel() {
        assertThat(scan(Endpoint.OTHER, "{\"model\":\"m\",\"usage\":{\"prompt_tokens\":3}}"))
                .isEqualTo(new ParsedUsage(null, "m"));
    }

    @Test
    void directBodiesAreCopiedUpToTheBoundAndParsedByJacksonBeyondIt() {
        String small = "{\"model\":\"m\",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}";
        String large = "{\"data\":\"" + "x".repeat(70_000) + "\"," + small.substring(1);
        for (String body : new String[] {small, large}) {
            ByteBuf direct = Unpooled.directBuffer().writeBytes(body.getBytes(StandardCharsets.UTF_8));
            assertThat(JsonUsageParser.parse(Endpoint.CHAT_COMPLETIONS, direct))
                    .isEqualTo(new ParsedUsage(new TokenUsage(3, 0, 0, 0, 4, 0), "m"));
            assertThat(direct.readerIndex()).isZero();
            direct.release();
        }
    }
}
