package dev.spendgate.bench;

import dev.spendgate.api.Endpoint;
import dev.spendgate.stream.JsonUsageParser;
import dev.spendgate.stream.ParsedUsage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Usage extraction from a buffered non-streaming chat.completion (the e2e json fixture, 0.7 KB). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonUsageBench {

    private ByteBuf body = Unpooled.EMPTY_BUFFER;

    /** Wraps the fixture once. */
    @Setup
    public void setup() {
        body = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(BenchFixtures.bytes("chat_completion.json")));
    }

    /** Parses the body and maps its usage. */
    @Benchmark
    public ParsedUsage parseChatCompletion() {
        return JsonUsageParser.parse(Endpoint.CHAT_COMPLETIONS, body.duplicate());
    }
}
