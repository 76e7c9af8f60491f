package dev.spendgate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.api.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scan of an event's bytes gives exactly what the Jackson tree of its text gives: on every fixture event, on
 * every fixture event cut at every byte, and on thousands of reproducible mutations (bytes flipped, inserted or
 * dropped; numbers, strings and keys swapped for odd but valid JSON).
 */
class ScanMatchesTreeTest {

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("openai-chat-stream.sse", Endpoint.CHAT_COMPLETIONS),
                Arguments.of("openai-chat-stream-tools.sse", Endpoint.CHAT_COMPLETIONS),
                Arguments.of("openai-chat-stream-no-usage.sse", Endpoint.CHAT_COMPLETIONS),
                Arguments.of("azure-openai-chat-stream.sse", Endpoint.CHAT_COMPLETIONS),
                Arguments.of("openai-responses-stream.sse", Endpoint.RESPONSES),
                Arguments.of("anthropic-messages-stream.sse", Endpoint.MESSAGES),
                Arguments.of("anthropic-messages-stream-thinking-tools.sse", Endpoint.MESSAGES),
                Arguments.of("anthropic-messages-stream-error.sse", Endpoint.MESSAGES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void everyFixtureEventIsReadByTheScanItself(String fixture, Endpoint endpoint) {
        ScanningExtractor extractor = (ScanningExtractor) StreamUsageExtractor.forEndpoint(endpoint);
        for (SseEvent e : Wire.decode(Wire.bytes(fixture))) {
            byte[] data = e.data().getBytes(StandardCharsets.UTF_8);
            assertThat(extractor.scan(e.event(), data, 0, data.length)).as(e.data()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void eventCutAtEveryByteReadsLikeTheTree(String fixture, Endpoint endpoint) {
        List<Event> events = Event.of(Wire.decode(Wire.bytes(fixture)));
        for (int k = 0; k < events.size(); k++) {
            byte[] data = events.get(k).data();
            for (int cut = 0; cut < data.length; cut++) {
                List<Event> mutated = new ArrayList<>(events);
                mutated.set(k, new Event(events.get(k).type(), Arrays.copyOf(data, cut)));
                assertSameResult(endpoint, mutated, "event " + k + " cut at " + cut);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void mutatedEventsReadLikeTheTree(String fixture, Endpoint endpoint) {
        List<Event> events = Event.of(Wire.decode(Wire.bytes(fixture)));
        for (long seed = 0; seed < 4000; seed++) {
            Random random = new Random(seed);
            List<Event> mutated = new ArrayList<>(events);
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                int k = random.nextInt(mutated.size());
                Event e = mutated.get(k);
                mutated.set(k, new Event(e.type(), Mutations.apply(e.data(), random)));
            }
            assertSameResult(endpoint, mutated, "seed " + seed);
        }
    }

    /** The bytes, the decoded text and the tree alone all give one result, event after event. */
    private static void assertSameResult(Endpoint endpoint, List<Event> events, String what) {
        StreamUsageExtractor bytes = StreamUsageExtractor.forEndpoint(endpoint);
        StreamUsageExtractor values = StreamUsageExtractor.forEndpoint(endpoint);
        ScanningExtractor tree = (ScanningExtractor) StreamUsageExtractor.forEndpoint(endpoint);
        for (Event e : events) {
            String text = new String(e.data(), StandardCharsets.UTF_8);
            bytes.onRawEvent(e.type(), e.data(), 0, e.data().length);
            values.onEvent(new SseEvent(e.type(), text));
            tree.tree(e.type(), text);
        }
        assertThat(bytes.result()).as(what + " " + render(events)).isEqualTo(tree.result());
        assertThat(values.result()).as(what + " " + render(events)).isEqualTo(tree.result());
    }

    private static String render(List<Event> events) {
        StringBuilder out = new StringBuilder();
        for (Event e : events) {
            out.append('\n').append(e.type()).append(": ").append(new String(e.data(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** One event as the decoder hands it over: a type and the data's bytes. */
    record Event(@Nullable String type, byte[] data) {
        static List<Event> of(List<SseEvent> events) {
            return events.stream().map(e -> new Event(e.event(), e.data().getBytes(StandardCharsets.UTF_8)))
                    .toList();
        }
    }
}
