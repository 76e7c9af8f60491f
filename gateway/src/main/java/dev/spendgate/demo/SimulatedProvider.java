package dev.spendgate.demo;

import dev.spendgate.api.ApiFormat;
import dev.spendgate.api.Endpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A local stand-in for the OpenAI and Anthropic APIs: same paths, auth headers, body and SSE formats, with
 * deterministic, self-consistent usage. The demo mode, tests and benchmarks point providers at it instead of the
 * internet.
 *
 * <pre>
 * request -> route (path) -> SimGate (401 / fault / 400) -> endpoint (tokens, body or events) -> SimResponder
 * </pre>
 *
 * <p>It runs on its own event loops, so a benchmark measures the gateway's loops, not a shared one.
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class SimulatedProvider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedProvider.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final String OTHER_PATH = "other";

    private final SimulatorOptions options;
    private final LoopResources loops;
    private final DisposableServer server;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

    private SimulatedProvider(SimulatorOptions options) {
        this.options = options;
        SimGate gate = new SimGate(options, new SimIds(options.seed()));
        this.loops = LoopResources.create("spendgate-sim", Math.max(2, Runtime.getRuntime().availableProcessors()
                / 2), true);
        HttpServer http = HttpServer.create().host(options.host()).port(options.port()).runOn(loops)
                .route(routes -> routes
                        .post(Endpoint.CHAT_COMPLETIONS.path(), handler(gate, ApiFormat.OPENAI,
                                new OpenAiChatSimulator()))
                        .post(Endpoint.COMPLETIONS.path(), handler(gate, ApiFormat.OPENAI,
                                new OpenAiCompletionsSimulator()))
                        .post(Endpoint.EMBEDDINGS.path(), handler(gate, ApiFormat.OPENAI,
                                new OpenAiEmbeddingsSimulator()))
                        .post(Endpoint.RESPONSES.path(), handler(gate, ApiFormat.OPENAI,
                                new OpenAiResponsesSimulator()))
                        .post(Endpoint.MESSAGES.path(), handler(gate, ApiFormat.ANTHROPIC,
                                new AnthropicMessagesSimulator()))
                        .post(Endpoint.COUNT_TOKENS.path(), handler(gate, ApiFormat.ANTHROPIC,
                                new AnthropicCountTokensSimulator()))
                        .get("/v1/models", (req, res) -> models(gate, req, res))
                        .route(req -> true, (req, res) -> notFound(gate, req, res)));
        try {
            this.server = http.bindNow(BIND_TIMEOUT);
        } catch (RuntimeException e) {
            loops.dispose();
            throw e;
        }
        LOG.info("simulated provider listening on {}:{}", options.host(), server.port());
    }

    /** Binds {@code options.host()} on {@code options.port()} (0: a free port) and starts answering. */
    public static SimulatedProvider start(SimulatorOptions options) {
        return new SimulatedProvider(options);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** Base URL for an OpenAI client: {@code http://host:port/v1}. */
    public String openAiBaseUrl() {
        return anthropicBaseUrl() + "/v1";
    }

    /** Base URL for an Anthropic client (which appends {@code /v1/messages} itself): {@code http://host:port}. */
    public String anthropicBaseUrl() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + port();
    }

    /** Requests received so far on one path (e.g. {@code /v1/chat/completions}), any outcome. */
    public long requestCount(String path) {
        LongAdder adder = requests.get(path);
        return adder == null ? 0 : adder.sum();
    }

    /** Requests received so far per path; unknown paths are counted under {@code other}. */
    public Map<String, Long> requestCounts() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((path, adder) -> counts.put(path, adder.sum()));
        return counts;
    }

    /** Stops listening and releases the event loops; waits at most a few seconds. */
    @Override
    public void close() {
        if (!server.isDisposed()) {
            server.disposeNow(Duration.ofSeconds(5));
        }
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
    }

    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler(
            SimGate gate, ApiFormat format, SimEndpoint endpoint) {
        return (req, res) -> req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(raw -> {
                    count(req.fullPath());
                    SimGate.Answer answer = gate.answer(format, endpoint, req.requestHeaders(), raw);
                    return SimResponder.write(res, answer.reply(), answer.fault());
                });
    }

    /** Anthropic clients list models with {@code x-api-key}; everyone else gets the OpenAI listing. */
    private Publisher<Void> models(SimGate gate, HttpServerRequest req, HttpServerResponse res) {
        count(req.fullPath());
        boolean anthropic = req.requestHeaders().contains("x-api-key")
                && !req.requestHeaders().contains("authorization");
        ApiFormat format = anthropic ? ApiFormat.ANTHROPIC : ApiFormat.OPENAI;
        SimGate.Answer answer = gate.answer(format, new ModelListSimulator(format), req.requestHeaders(), null);
        return SimResponder.write(res, answer.reply(), answer.fault());
    }

    private Publisher<Void> notFound(SimGate gate, HttpServerRequest req, HttpServerResponse res) {
        count(OTHER_PATH);
        ApiFormat format = req.fullPath().startsWith("/v1/messages") ? ApiFormat.ANTHROPIC : ApiFormat.OPENAI;
        SimEndpoint endpoint = call -> SimErrors.notFound(format, call.idRng(), req.method().name(),
                req.fullPath());
        return req.receive().then(Mono.defer(() -> {
            SimGate.Answer answer = gate.answer(format, endpoint, req.requestHeaders(), null);
            return SimResponder.write(res, answer.reply(), SimFault.NONE);
        }));
    }

    private void count(String path) {
        requests.computeIfAbsent(path, p -> new LongAdder()).increment();
    }
}
