package dev.spendgate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture decodes to the same events whatever the chunking, and whatever the line endings. */
class SseEventDecoderChunkingTest {

    static Stream<String> fixtures() {
        return Stream.of("openai-chat-stream.sse", "openai-chat-stream-tools.sse", "openai-chat-stream-no-usage.sse",
                "azure-openai-chat-stream.sse", "openai-responses-stream.sse", "anthropic-messages-stream.sse",
                "anthropic-messages-stream-thinking-tools.sse", "anthropic-messages-stream-error.sse",
                "gemini-stream.sse");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureSplitIntoSmallChunksDecodesLikeTheWhole(String fixture) {
        byte[] bytes = Wire.bytes(fixture);
        List<SseEvent> whole = Wire.decode(bytes);

        assertThat(whole).as("every fixture has several events").hasSizeGreaterThan(2);
        for (int size : new int[] {1, 2, 3, 7}) {
            assertThat(Wire.decode(Wire.split(bytes, size))).as("chunk size %d", size).isEqualTo(whole);
        }
        for (long seed = 0; seed < 20; seed++) {
            assertThat(Wire.decode(Wire.split(bytes, Wire.randomSizes(seed, 4096)))).as("seed %d", seed)
                    .isEqualTo(whole);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureSplitInTwoAtEveryOffsetDecodesLikeTheWhole(String fixture) {
        byte[] bytes = Wire.bytes(fixture);
        List<SseEvent> whole = Wire.decode(bytes);

        for (int offset = 1; offset < bytes.length; offset++) {
            assertThat(Wire.decode(Wire.split(bytes, offset, bytes.length))).as("split at %d", offset)
                    .isEqualTo(whole);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureWithCrlfOrCrLineEndingsDecodesLikeLf(String fixture) {
        String lf = new String(Wire.bytes(fixture), StandardCharsets.UTF_8).replace("\r\n", "\n");
        List<SseEvent> expected = Wire.decode(lf.getBytes(StandardCharsets.UTF_8));

        for (String ending : new String[] {"\r\n", "\r"}) {
            byte[] converted = lf.replace("\n", ending).getBytes(StandardCharsets.UTF_8);
            assertThat(Wire.decode(converted)).isEqualTo(expected);
            assertThat(Wire.decode(Wire.split(converted, 1))).as("1-byte chunks").isEqualTo(expected);
        }
    }
}
