package dev.spendgate.bench;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.AttributionParser;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
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

/** Attribution parsing from the six headers the e2e benchmark sends, among the usual request headers. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AttributionBench {

    private final HttpHeaders headers = new DefaultHttpHeaders();
    private AttributionParser parser = new AttributionParser(BenchFixtures.config().attribution());

    /** Builds the parser from the bench config and the request headers. */
    @Setup
    public void setup() {
        parser = new AttributionParser(BenchFixtures.config().attribution());
        headers.add("Host", "127.0.0.1:18095").add("Content-Type", "application/json")
                .add("Accept", "application/json, text/event-stream").add("Authorization", "Bearer sk-test")
                .add("Content-Length", "300").add("X-LLM-Feature", "search").add("X-LLM-Team", "search")
                .add("X-LLM-Customer", "c1").add("X-LLM-Tier", "pro").add("X-LLM-Env", "bench")
                .add("X-LLM-Session", "s-bench-1");
    }

    /** Reads and validates every dimension. */
    @Benchmark
    public Attribution parse() {
        return parser.parse(headers::getAll);
    }
}
