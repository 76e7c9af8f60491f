package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.api.ApiFormat;
import dev.spendgate.api.Endpoint;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.inspect.RequestPaths;
import dev.spendgate.upstream.ProviderClients;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The one place the per-request sequence is written. Stages, in order:
 * <ol>
 *   <li>endpoint: which API and whether it is metered ({@link Endpoint})</li>
 *   <li>attribution: read and validate the attribution headers</li>
 *   <li>read body: bounded, 413 past {@code server.max_body_bytes}</li>
 *   <li>admit: gateway key, attribution narrowed by the key, required attribution ({@link GuardStage})</li>
 *   <li>plan: parse the body, resolve {@code model}, apply routing rules and experiments ({@link Router})</li>
 *   <li>guard: caps, budgets (reserve the worst case), rate limits; may downgrade or clamp</li>
 *   <li>attempts: each renders the target's body (rewritten, or translated to the other API format) and forwards
 *       it ({@link UpstreamExchange}); failures before the first byte retry or fall back ({@link AttemptLoop})</li>
 *   <li>respond: buffer-and-meter a JSON body, or relay-and-meter an SSE stream</li>
 *   <li>record: settle budgets, ledger line, metrics, access log; exactly once, also on cancel and error</li>
 * </ol>
 * Gateway-made errors are rendered in the caller's API format at one boundary ({@link ErrorMapper}).
 */
public final class ProxyFlow {

    private final FlowComponents components;
    private final AtomicReference<FlowSnapshot> current = new AtomicReference<>();
    private final RequestRecorder recorder;
    private final Metering metering;
    private final RequestIds ids = new RequestIds();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private final Sinks.One<Boolean> aborting = Sinks.one();
    private volatile boolean aborted;

    /** Builds the flow from one config snapshot and its components. */
    public ProxyFlow(GatewayConfig config, ProviderClients clients, FlowComponents components) {
        this.components = components;
        this.metering = new Metering(components.estimator());
        this.recorder = new RequestRecorder(components.ledger(), components.meters(), components.budgetMeters(),
                components.routeMeters());
        current.set(new FlowSnapshot(config, clients, components, metering, aborting.asMono()));
    }

    /**
     * Swaps in a new config snapshot (built and validated by the caller); requests in flight finish on the old
     * one. Returns the old snapshot's provider clients, to be closed once its requests are done.
     */
    public ProviderClients swap(GatewayConfig config, ProviderClients clients) {
        FlowSnapshot previous = current.getAndSet(new FlowSnapshot(config, clients, components, metering,
                aborting.asMono()));
        return previous.clients;
    }

    /** The current snapshot's budget guard (admin API, metrics). */
    public dev.spendgate.guard.BudgetGuard budgets() {
        return current.get().guards.budgets();
    }

    /** The current snapshot's provider clients. */
    public ProviderClients currentClients() {
        return current.get().clients;
    }

    /** The config the gateway runs on now. */
    public GatewayConfig config() {
        return current.get().config;
    }

    /** Handles one client request. */
    public Publisher<Void> handle(HttpServerRequest clientRequest, HttpServerResponse clientResponse) {
        Endpoint endpoint = endpointOf(clientRequest);
        RequestContext ctx = new RequestContext(ids.next(), endpoint == null ? Endpoint.OTHER : endpoint,
                formatOf(clientRequest, endpoint == null ? Endpoint.OTHER : endpoint));
        clientResponse.header(Headers.REQUEST_ID, ctx.requestId);
        inFlight.incrementAndGet();
        FlowSnapshot snapshot = current.get();
        return Mono.defer(() -> endpoint == null ? refuse(snapshot, ctx, clientRequest)
                        : proxy(snapshot, ctx, clientRequest, clientResponse))
                .onErrorResume(e -> ErrorResponder.send(ctx, clientResponse, ErrorMapper.map(e, ctx)))
                .doFinally(signal -> finish(snapshot, ctx, clientResponse, signal));
    }

    /** An unroutable path is refused, but still recorded under the caller's attribution when it is valid. */
    private Mono<Void> refuse(FlowSnapshot s, RequestContext ctx, HttpServerRequest clientRequest) {
        try {
            ctx.attribution = s.attribution.parse(clientRequest.requestHeaders()::getAll);
        } catch (RuntimeException e) {
            // the path is the error to report; a bad header as well changes nothing
        }
        return Mono.error(unroutable(clientRequest));
    }

    private Mono<Void> proxy(FlowSnapshot s, RequestContext ctx, HttpServerRequest clientRequest,
            HttpServerResponse res) {
        if (draining) {
            res.header(HttpHeaderNames.CONNECTION, "close");
            throw new GatewayException(Outcome.SHUTTING_DOWN, new ApiError(503, "server_error", "shutting_down",
                    null, "overloaded_error", "The gateway is shutting down. Retry; another replica will serve it."));
        }
        ctx.attribution = s.attribution.parse(clientRequest.requestHeaders()::getAll);
        s.guards.admit(ctx, clientRequest.requestHeaders());
        Mono<byte[]> received = readBody(s.maxBodyBytes(), clientRequest);
        // A shared budget store (Redis) answers within state.timeout, but the guards call it synchronously:
        // never on the event loop.
        boolean offLoop = ctx.endpoint.metered() && s.guards.blocking();
        return (offLoop ? received.publishOn(Schedulers.boundedElastic()) : received)
                .flatMap(body -> {
                    ctx.mark(Stage.BODY_READ);
                    if (!ctx.endpoint.metered()) {
                        Route route = passthrough(s, ctx, clientRequest, body);
                        ctx.mark(Stage.ROUTED);
                        return s.upstream.exchange(ctx, clientRequest, res, route);
                    }
                    Plan plan = s.guards.apply(ctx, s.router.plan(ctx, body), res);
                    ctx.mark(Stage.ROUTED);
                    return s.attempts.run(ctx, clientRequest, res, plan, ctx.routePlan);
                });
    }

    private static Route passthrough(FlowSnapshot s, RequestContext ctx, HttpServerRequest clientRequest,
            byte[] body) {
        s.guards.passthrough(ctx, clientRequest.method());
        return s.router.passthrough(ctx, body);
    }

    private static Mono<byte[]> readBody(long maxBodyBytes, HttpServerRequest clientRequest) {
        String length = clientRequest.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && parseLong(length) > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        return BodyCollector.collectBytes(clientRequest.receive(), maxBodyBytes, () -> tooLarge(maxBodyBytes))
                .defaultIfEmpty(new byte[0]);
    }

    private static GatewayException tooLarge(long maxBodyBytes) {
        return new GatewayException(Outcome.CLIENT_BODY_TOO_LARGE, new ApiError(413, "invalid_request_error",
                "request_too_large", null, "request_too_large", "The request body is larger than the gateway's limit"
                + " of " + maxBodyBytes + " bytes. Send a smaller request, or raise server.max_body_bytes."));
    }

    private void finish(FlowSnapshot s, RequestContext ctx, HttpServerResponse res, SignalType signal) {
        try {
            if (signal == SignalType.CANCEL) {
                ctx.mark(Stage.CLIENT_CANCELLED);
                if (ctx.outcome == Outcome.SUCCESS) {
                    ctx.outcome = aborted ? Outcome.SHUTTING_DOWN
                            : Outcome.CLIENT_CANCELLED;
                }
            }
            if (ctx.status == 0 && res.hasSentHeaders()) {
                ctx.status = res.status().code();
            }
            if (ctx.finish()) {
                s.upstream.settle(ctx);
                s.guards.settle(ctx);
                recorder.record(ctx);
            }
        } finally {
            // Decremented last: shutdown waits for zero before it closes the ledger, so the record is in.
            inFlight.decrementAndGet();
        }
    }

    /** Requests still being served (streams included). */
    public int inFlight() {
        return inFlight.get();
    }

    /** Refuses new requests with 503 from now on; in-flight ones run on. */
    public void startDraining() {
        draining = true;
    }

    /**
     * Ends the streams still in flight when the shutdown grace has passed: each gets an error event in its API's
     * format and is recorded with outcome {@code shutting_down} and what it spent.
     */
    public void abortInFlight() {
        aborted = true;
        aborting.tryEmitValue(Boolean.TRUE);
    }

    /** The endpoint of a routable request, or null for a path the gateway refuses or does not serve. */
    private static @Nullable Endpoint endpointOf(HttpServerRequest req) {
        String path = pathOf(req.uri());
        if (RequestPaths.problem(path) != null) {
            return null;
        }
        if (req.method() == HttpMethod.POST) {
            Endpoint e = Endpoint.ofPath(path);
            if (e != null) {
                return e;
            }
        }
        return path.startsWith("/v1/") ? Endpoint.OTHER : null;
    }

    private static ApiFormat formatOf(HttpServerRequest req, Endpoint endpoint) {
        if (endpoint != Endpoint.OTHER) {
            return endpoint.format();
        }
        boolean anthropic = req.requestHeaders().contains("anthropic-version")
                || req.requestHeaders().contains("x-api-key");
        return anthropic ? ApiFormat.ANTHROPIC : ApiFormat.OPENAI;
    }

    static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static GatewayException unroutable(HttpServerRequest req) {
        String path = pathOf(req.uri());
        String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        String problem = RequestPaths.problem(path);
        if (problem != null) {
            return new GatewayException(Outcome.CLIENT_BAD_REQUEST, ApiError.invalidRequest("invalid_path", null,
                    "The path " + shown + " is refused: " + problem + "."));
        }
        return new GatewayException(Outcome.NOT_FOUND, new ApiError(404, "invalid_request_error", "unknown_url",
                null, "not_found_error", "Unknown path " + req.method().name() + " " + shown
                + ". The gateway proxies /v1/... paths (point your SDK's base URL at the gateway)."));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
