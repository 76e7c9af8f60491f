package dev.spendgate.bench;

import dev.spendgate.api.Endpoint;
import dev.spendgate.inspect.BodyRewriter;
import dev.spendgate.inspect.ClientRequest;
import dev.spendgate.inspect.RequestInspector;
import dev.spendgate.metering.TokenEstimator;
import java.util.concurrent.TimeUnit;
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

/**
 * Request inspection (model, stream, output cap, include_usage read from the body), the input-token count
 * that the budget reservation needs (tokenizer, or the inspection's bound), and the upstream body rewrite
 * (inspect + rewrite, as on the request path), for
 * the e2e request (0.3 KB) and a 200 KB prompt.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InspectBench {

    @Param({"small", "200k"})
    String body;

    private byte[] raw = new byte[0];
    private final TokenEstimator estimator = new TokenEstimator();
    private ClientRequest inspected = RequestInspector.inspect("{\"model\":\"m\"}".getBytes(
            java.nio.charset.StandardCharsets.UTF_8));

    /** Loads the body and inspects it once for the token-count benchmark. */
    @Setup
    public void setup() {
        raw = body.equals("small") ? BenchFixtures.bytes("request_stream.json") : BenchFixtures.largeRequest(200_000);
        inspected = RequestInspector.inspect(raw);
    }

    /** Parses the body into the fields the flow reads. */
    @Benchmark
    public ClientRequest inspect() {
        return RequestInspector.inspect(raw);
    }

    /**
     * The upper bound of the input tokens that replaces the tokenizer in the guards: computed by the inspection's
     * streaming pass, so this is {@link #inspect} again (compare it with {@link #estimateInputTokens}).
     */
    @Benchmark
    public long inputTokenBound() {
        return RequestInspector.inspect(raw).inputTokenBound();
    }

    /** Counts the request's input tokens with the model's tokenizer (JTokkit). */
    @Benchmark
    public long estimateInputTokens() {
        return estimator.estimateInput(Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", inspected.json());
    }

    /**
     * Inspects the body and renders the upstream body of a typical guarded attempt: the model id renamed to the
     * deployment's and the output cap lowered by a guardrail.
     */
    @Benchmark
    public byte[] inspectAndRewrite() {
        ClientRequest request = RequestInspector.inspect(raw);
        return BodyRewriter.upstreamBody(request, "gpt-4o-mini-2024-07-18", false, 64L, Endpoint.CHAT_COMPLETIONS);
    }

    /** As {@link #inspectAndRewrite}, also setting {@code stream_options.include_usage} (a stream without it). */
    @Benchmark
    public byte[] inspectAndRewriteUsage() {
        ClientRequest request = RequestInspector.inspect(raw);
        return BodyRewriter.upstreamBody(request, "gpt-4o-mini-2024-07-18", true, 64L, Endpoint.CHAT_COMPLETIONS);
    }
}
