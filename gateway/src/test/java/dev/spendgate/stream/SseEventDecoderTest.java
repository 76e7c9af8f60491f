package dev.spendgate.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Field rules of the WHATWG SSE parser, bounds, and the non-consuming read of chunks. */
class SseEventDecoderTest {

    private static List<SseEvent> decode(String text) {
        return Wire.decode(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<SseEvent> decodeBytewise(String text) {
        return Wire.decode(Wire.split(text.getBytes(StandardCharsets.UTF_8), 1));
    }

    @Test
    void dataWithAndWithoutLeadingSpaceAreTheSameAndOnlyOneSpaceIsDropped() {
        assertThat(decode("data: a\n\ndata:a\n\ndata:  a\n\n")).containsExactly(
                new SseEvent(null, "a"), new SseEvent(null, "a"), new SseEvent(null, " a"));
    }

    @Test
    void multiLineDataIsJoinedWithNewlines() {
        assertThat(decode("data: {\ndata: \"a\":1\ndata:}\n\n")).containsExactly(new SseEvent(null, "{\n\"a\":1\n}"));
    }

    @Test
    void commentsIdRetryAndUnknownFieldsAreIgnored() {
        String stream = ": ping\n\nid: 7\nretry: 3000\nfoo: bar\n: keep-alive\nevent: message_stop\ndata: x\n\n";

        assertThat(decode(stream)).containsExactly(new SseEvent("message_stop", "x"));
    }

    @Test
    void eventWithoutDataIsNotDispatchedAndItsTypeDoesNotLeak() {
        assertThat(decode("event: ping\n\ndata: y\n\n")).containsExactly(new SseEvent(null, "y"));
    }

    @Test
    void emptyDataLineDispatchesAnEmptyEvent() {
        assertThat(decode("data:\n\n")).containsExactly(new SseEvent(null, ""));
    }

    @Test
    void fieldWithoutColonIsAFieldWithEmptyValue() {
        assertThat(decode("data\ndata\n\n")).containsExactly(new SseEvent(null, "\n"));
    }

    @Test
    void leadingBomIsIgnoredEvenWhenSplitButALaterOneIsData() {
        String bom = "\uFEFF";
        String stream = bom + "data: a\n\ndata: " + bom + "b\n\n";

        List<SseEvent> expected = List.of(new SseEvent(null, "a"), new SseEvent(null, bom + "b"));
        assertThat(decode(stream)).isEqualTo(expected);
        assertThat(decodeBytewise(stream)).isEqualTo(expected);
    }

    @Test
    void multiByteCharactersSplitAcrossChunksDecodeOnce() {
        String stream = "event: é\ndata: {\"text\":\"héllo wörld ✓ 😀\"}\n\n";

        assertThat(decodeBytewise(stream)).containsExactly(new SseEvent("é", "{\"text\":\"héllo wörld ✓ 😀\"}"));
    }

    @Test
    void crlfSplitBetweenChunksEndsOneLineOnly() {
        List<byte[]> pieces = List.of("data: a\r".getBytes(StandardCharsets.UTF_8),
                "\ndata: b\r".getBytes(StandardCharsets.UTF_8), "\n\r".getBytes(StandardCharsets.UTF_8),
                "\n".getBytes(StandardCharsets.UTF_8));

        assertThat(Wire.decode(pieces)).containsExactly(new SseEvent(null, "a\nb"));
    }

    @Test
    void lineOverTheBoundIsDroppedWithItsEventAndDecodingGoesOn() {
        SseEventDecoder decoder = new SseEventDecoder(64);
        List<SseEvent> events = new ArrayList<>();
        String big = "data: " + "x".repeat(1000) + "\n\n";
        String stream = "data: before\n\n" + big + "event: e\ndata: after\n\n";

        for (byte[] piece : Wire.split(stream.getBytes(StandardCharsets.UTF_8), 5)) {
            ByteBuf chunk = Unpooled.wrappedBuffer(piece);
            decoder.feed(chunk, events::add);
            chunk.release();
        }
        decoder.finish(events::add);

        assertThat(events).containsExactly(new SseEvent(null, "before"), new SseEvent("e", "after"));
        assertThat(decoder.droppedEvents()).isEqualTo(1);
    }

    @Test
    void eventWhoseDataLinesTogetherExceedTheBoundIsDropped() {
        SseEventDecoder decoder = new SseEventDecoder(32);
        List<SseEvent> events = new ArrayList<>();
        ByteBuf chunk = Unpooled.copiedBuffer("data: 0123456789abcdef\ndata: 0123456789abcdef\n\ndata: ok\n\n",
                StandardCharsets.UTF_8);

        decoder.feed(chunk, events::add);
        chunk.release();

        assertThat(events).containsExactly(new SseEvent(null, "ok"));
        assertThat(decoder.droppedEvents()).isEqualTo(1);
    }

    @Test
    void finishDispatchesALastEventWithoutBlankLineIncludingAnUnterminatedLine() {
        assertThat(decode("data: done\n\ndata: {\"usage\":1}\n")).containsExactly(
                new SseEvent(null, "done"), new SseEvent(null, "{\"usage\":1}"));
        assertThat(decode("event: x\ndata: cut")).containsExactly(new SseEvent("x", "cut"));
        assertThat(decode("data: a\n\n")).as("nothing pending: nothing more").hasSize(1);
    }

    @Test
    void feedLeavesReaderIndexAndReferenceCountAsTheyWere() {
        ByteBuf chunk = Unpooled.copiedBuffer("xxdata: a\n\n", StandardCharsets.UTF_8);
        chunk.readerIndex(2);
        List<SseEvent> events = new ArrayList<>();

        new SseEventDecoder().feed(chunk, events::add);

        assertThat(events).containsExactly(new SseEvent(null, "a"));
        assertThat(chunk.readerIndex()).isEqualTo(2);
        assertThat(chunk.refCnt()).isEqualTo(1);
        assertThat(chunk.release()).isTrue();
    }

    @Test
    void tinyBoundIsRejected() {
        assertThatThrownBy(() -> new SseEventDecoder(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLineBytes");
    }
}
