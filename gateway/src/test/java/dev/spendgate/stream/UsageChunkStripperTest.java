package dev.spendgate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client that did not ask for usage sees exactly the stream it asked for, whatever the chunking. */
class UsageChunkStripperTest {

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final List<ByteBuf> allocated = new ArrayList<>();

    @AfterEach
    void everyBufferIsReleased() {
        assertThat(allocated).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }

    /** Feeds the pieces through one stripper and returns all bytes it produced, releasing every buffer. */
    private String strip(UsageChunkStripper stripper, List<byte[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            ByteBuf chunk = Unpooled.wrappedBuffer(piece);
            allocated.add(chunk);
            drain(stripper.strip(chunk, alloc), out);
            assertThat(chunk.readerIndex()).as("the input is not consumed").isZero();
            chunk.release();
        }
        drain(stripper.finish(alloc), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private String strip(String stream, int chunkSize) {
        return strip(new UsageChunkStripper(), Wire.split(stream.getBytes(StandardCharsets.UTF_8), chunkSize));
    }

    private void drain(ByteBuf buf, ByteArrayOutputStream out) {
        allocated.add(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        out.writeBytes(bytes);
        buf.release();
    }

    private static String fixture(String name) {
        return new String(Wire.bytes(name), StandardCharsets.UTF_8);
    }

    /** The fixture with the usage event and every top-level ,"usage":null removed by hand. */
    private static String expectedWithoutUsage(String original) {
        StringBuilder expected = new StringBuilder();
        for (String event : original.split("(?<=\n\n)")) {
            if (!(event.contains("\"choices\":[]") && event.contains("\"usage\":{"))) {
                expected.append(event.replace(",\"usage\":null", ""));
            }
        }
        return expected.toString();
    }

    @Test
    void openAiStreamLosesItsUsageChunkAndNullUsageFieldsAndNothingElse() {
        String original = fixture("openai-chat-stream.sse");
        String expected = expectedWithoutUsage(original);

        for (int size : new int[] {Integer.MAX_VALUE, 1, 2, 7, 100}) {
            String stripped = strip(original, size);
            assertThat(stripped).as("chunk size %d", size).isEqualTo(expected).doesNotContain("usage")
                    .endsWith("data: [DONE]\n\n");
        }
        assertThat(expected.length()).as("the test removes something").isLessThan(original.length() - 300);
        assertThat(Wire.decode(expected.getBytes(StandardCharsets.UTF_8)))
                .as("still a stream of chunks plus [DONE]").hasSize(12);
    }

    @Test
    void toolCallStreamIsStrippedTheSameWay() {
        String original = fixture("openai-chat-stream-tools.sse");

        assertThat(strip(original, 3)).isEqualTo(expectedWithoutUsage(original)).doesNotContain("usage");
    }

    @Test
    void azureContentFilterChunkWithEmptyChoicesIsKept() {
        String original = fixture("azure-openai-chat-stream.sse");
        String firstEvent = original.substring(0, original.indexOf("\n\n") + 2);

        String stripped = strip(original, 1);

        assertThat(stripped).startsWith(firstEvent).isEqualTo(expectedWithoutUsage(original))
                .doesNotContain("usage");
    }

    @Test
    void streamWithoutUsagePassesByteForByte() {
        String original = fixture("openai-chat-stream-no-usage.sse");

        assertThat(strip(original, 5)).isEqualTo(original);
    }

    @Test
    void crlfFramingCommentsAndSplitCrlfAreKeptExactly() {
        String stream = ": keep-alive\r\n\r\ndata: {\"a\":1,\"usage\":null}\r\n\r\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1}}\r\n\r\ndata: [DONE]\r\n\r\n";
        String expected = ": keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\ndata: [DONE]\r\n\r\n";

        for (int size = 1; size < 12; size++) {
            assertThat(strip(stream, size)).as("chunk size %d", size).isEqualTo(expected);
        }
        String cr = stream.replace("\r\n", "\r");
        assertThat(strip(cr, 1)).isEqualTo(expected.replace("\r\n", "\r"));
    }

    @Test
    void usageOnAChunkWithChoicesIsForwardedUnchangedAndLeadingNullUsageLosesItsComma() {
        String withChoices = "data: {\"choices\":[{\"delta\":{}}],\"usage\":{\"prompt_tokens\":1}}\n\n";
        String leading = "data: {\"usage\":null,\"choices\":[]}\n\n";

        assertThat(strip(withChoices + leading, 4)).isEqualTo(withChoices + "data: {\"choices\":[]}\n\n");
    }

    @Test
    void nullUsageInsideStringsOrNestedObjectsIsLeftAlone() {
        String stream = "data: {\"c\":\"say ,\\\"usage\\\":null\",\"x\":{\"y\":1,\"usage\":null},\"usage\":null}\n\n";
        String expected = "data: {\"c\":\"say ,\\\"usage\\\":null\",\"x\":{\"y\":1,\"usage\":null}}\n\n";

        assertThat(strip(stream, 1)).isEqualTo(expected);
    }

    @Test
    void lastEventWithoutBlankLineIsStillProcessedByFinish() {
        String stream = "data: {\"a\":1,\"usage\":null}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":1}}\n";

        assertThat(strip(stream, 3)).isEqualTo("data: {\"a\":1}\n\n");
    }

    @Test
    void eventOverTheBoundPassesUnchangedAndLaterEventsAreStillStripped() {
        String big = "data: {\"choices\":[],\"pad\":\"" + "p".repeat(500) + "\",\"usage\":{\"prompt_tokens\":1}}\n\n";
        String after = "data: {\"a\":1,\"usage\":null}\n\n";

        String stripped = strip(new UsageChunkStripper(64),
                Wire.split((big + after).getBytes(StandardCharsets.UTF_8), 10));

        assertThat(stripped).isEqualTo(big + "data: {\"a\":1}\n\n");
    }
}
