package dev.spendgate.bench;

import dev.spendgate.api.Endpoint;
import dev.spendgate.stream.SseEvent;
import dev.spendgate.stream.SseEventDecoder;
import dev.spendgate.stream.SseEventHandler;
import dev.spendgate.stream.StreamUsage;
import dev.spendgate.stream.StreamUsageExtractor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One whole OpenAI chat stream (the e2e fixture: 20 content events + finish + usage + [DONE], 8.3 KB) through the
 * relay's metering side: SSE scanning alone, and scanning plus usage extraction (what the relay does per stream).
 * {@code chunks} splits the body into that many reads, as a socket would deliver it.
 *
 * <p>{@code scanEvents} and {@code scanAndExtractUsage} hand the decoder's bytes to an {@link SseEventHandler} (the
 * extractor itself), as the relay should; the {@code ...Values} variants go through an {@link SseEvent} (a
 * {@code String} per event) and {@code extractor::onEvent}, the way the relay called them before.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SseBench {

    @Param({"1", "8"})
    int chunks;

    private ByteBuf[] parts = new ByteBuf[0];

    /** Splits the fixture into read-only buffers. */
    @Setup
    public void setup() {
        byte[] sse = BenchFixtures.bytes("chat_stream.sse");
        parts = new ByteBuf[chunks];
        int step = (sse.length + chunks - 1) / chunks;
        for (int i = 0; i < chunks; i++) {
            int from = i * step;
            int to = Math.min(sse.length, from + step);
            parts[i] = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(sse, from, to - from));
        }
    }

    /** SSE framing only: each event's bytes are handed to a sink. */
    @Benchmark
    public void scanEvents(Blackhole bh) {
        SseEventDecoder decoder = new SseEventDecoder();
        SseEventHandler sink = (type, data, offset, length) -> bh.consume(length);
        for (ByteBuf part : parts) {
            decoder.feed(part, sink);
        }
        decoder.finish(sink);
    }

    /** SSE framing into {@link SseEvent} values that a sink keeps alive. */
    @Benchmark
    public void scanEventsValues(Blackhole bh) {
        SseEventDecoder decoder = new SseEventDecoder();
        Consumer<SseEvent> sink = bh::consume;
        for (ByteBuf part : parts) {
            decoder.feed(part, sink);
        }
        decoder.finish(sink);
    }

    /** Framing plus the chat extractor (JSON of every event, usage, served model, output text). */
    @Benchmark
    public StreamUsage scanAndExtractUsage() {
        SseEventDecoder decoder = new SseEventDecoder();
        StreamUsageExtractor extractor = StreamUsageExtractor.forEndpoint(Endpoint.CHAT_COMPLETIONS);
        for (ByteBuf part : parts) {
            decoder.feed(part, extractor);
        }
        decoder.finish(extractor);
        return extractor.result();
    }

    /** {@link #scanAndExtractUsage} through {@link SseEvent} values and {@code extractor::onEvent}. */
    @Benchmark
    public StreamUsage scanAndExtractUsageValues() {
        SseEventDecoder decoder = new SseEventDecoder();
        StreamUsageExtractor extractor = StreamUsageExtractor.forEndpoint(Endpoint.CHAT_COMPLETIONS);
        for (ByteBuf part : parts) {
            decoder.feed(part, extractor::onEvent);
        }
        decoder.finish(extractor::onEvent);
        return extractor.result();
    }
}
