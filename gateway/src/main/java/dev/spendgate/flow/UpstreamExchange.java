package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.attribution.AttributionParser;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.ProviderConfig;
import dev.spendgate.config.TimeoutsConfig;
import dev.spendgate.route.FailureKind;
import dev.spendgate.stream.StreamUsage;
import dev.spendgate.upstream.ProviderClient;
import dev.spendgate.upstream.UpstreamHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One upstream attempt: sends the {@code upstreamRequest} and either commits the {@code clientResponse} or, when
 * the attempt fails before anything reached the client and the caller would try again, reports the failure.
 *
 * <ul>
 *   <li>Unmetered paths pass through as they are.</li>
 *   <li>A provider error (4xx/5xx) is read whole (it is small) and classified ({@link FailureClassifier}); a
 *       failure the caller retries or falls back on is held back, any other is passed on.</li>
 *   <li>A 2xx JSON body is collected, metered and sent with {@code X-LLM-Cost-USD} ({@link JsonReply}).</li>
 *   <li>A 2xx {@code text/event-stream} is committed only once its first bytes arrive: a 200 whose body never
 *       starts is a first-byte timeout and can fall back. It is then relayed event by event ({@link StreamRelay}).
 *   </li>
 * </ul>
 * Timeouts: connect (channel option), first byte (Reactor Netty's response timeout until headers arrive, then the
 * first body bytes), idle between reads (a {@link ReadTimeoutHandler} that replaces it), and total (deadline over
 * the whole exchange).
 */
final class UpstreamExchange {

    private static final String IDLE_HANDLER = "spendgate.idleTimeout";

    private final Set<String> strippedHeaders;
    private final Metering metering;
    private final long maxResponseBytes;
    private final Mono<Boolean> shutdown;

    UpstreamExchange(GatewayConfig config, AttributionParser attribution, Metering metering, long maxResponseBytes,
            Mono<Boolean> shutdown) {
        this.shutdown = shutdown;
        Set<String> names = new HashSet<>();
        for (Dimension d : Dimension.values()) {
            names.add(attribution.headerName(d).toLowerCase(Locale.ROOT));
        }
        this.strippedHeaders = Set.copyOf(names);
        this.metering = metering;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** A single attempt whose failures are all passed on (passthrough paths, the last target). */
    Mono<Void> exchange(RequestContext ctx, HttpServerRequest clientRequest, HttpServerResponse res, Route route) {
        long deadline = System.nanoTime() + route.client().config().timeouts().total().toNanos();
        return attempt(ctx, clientRequest, res, route, deadline, kind -> false).then();
    }

    /**
     * Sends one attempt.
     *
     * @param deadline  System.nanoTime() past which the exchange is over (the request's or the provider's total)
     * @param tryAgain  whether the caller would retry or fall back on a failure of this kind; if not, the failure
     *                  is passed on to the client and the result is {@link AttemptResult#COMMITTED}
     */
    Mono<AttemptResult> attempt(RequestContext ctx, HttpServerRequest clientRequest, HttpServerResponse res,
            Route route, long deadline, Predicate<FailureKind> tryAgain) {
        ProviderClient client = route.client();
        ProviderConfig provider = client.config();
        String uri = clientRequest.uri();
        int q = uri.indexOf('?');
        String path = route.upstreamPath() != null ? route.upstreamPath() : q < 0 ? uri : uri.substring(0, q);
        String url = client.url(path, q < 0 ? null : uri.substring(q + 1));
        long providerEnd = System.nanoTime() + provider.timeouts().total().toNanos();
        long end = Math.min(deadline, providerEnd);
        boolean requestDeadline = deadline < providerEnd;
        byte[] body = route.body();
        ctx.attempts++;
        ctx.betweenAttempts = false;
        return client.http()
                .request(clientRequest.method())
                .uri(url)
                .send((upstreamRequest, out) -> {
                    UpstreamHeaders.copyRequest(clientRequest.requestHeaders(), upstreamRequest.requestHeaders(),
                            provider, strippedHeaders, ctx.keyHeaders);
                    if (route.translation() != null) {
                        route.translation().adaptHeaders(upstreamRequest.requestHeaders());
                    }
                    upstreamRequest.requestHeaders().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                    return body.length == 0 ? out : out.sendByteArray(Mono.just(body));
                })
                .responseConnection((upstreamResponse, conn) ->
                        respond(ctx, upstreamResponse, conn, res, route, end, tryAgain))
                .next()
                .defaultIfEmpty(AttemptResult.COMMITTED)
                .timeout(remaining(end).plusMillis(50),
                        Mono.defer(() -> Mono.error(totalTimeout(provider, requestDeadline))), LoopSchedulers.of(res))
                .onErrorResume(e -> !res.hasSentHeaders() && !ErrorMapper.isClientGone(e),
                        e -> preCommitFailure(ctx, e, tryAgain));
    }

    /** An exception before the client response started: a failure to retry, or the error to answer with. */
    private static Mono<AttemptResult> preCommitFailure(RequestContext ctx, Throwable e,
            Predicate<FailureKind> tryAgain) {
        GatewayException mapped = ErrorMapper.map(e, ctx);
        FailureKind kind = switch (mapped.outcome()) {
            case UPSTREAM_TIMEOUT -> FailureKind.TIMEOUT;
            // A connection that closed after the response started is the provider failing, not unreachable.
            case UPSTREAM_CONNECT_ERROR -> ctx.upstreamStatus > 0 ? FailureKind.SERVER_ERROR
                    : FailureKind.CONNECT_ERROR;
            case UPSTREAM_5XX -> FailureKind.SERVER_ERROR;
            default -> null;
        };
        if (kind != null && tryAgain.test(kind)) {
            ctx.outcome = mapped.outcome();
            return Mono.just(new AttemptResult.Failed(kind, 0, null, null, mapped));
        }
        return Mono.error(mapped);
    }

    /**
     * Sends the upstream response to the client. If the client is already gone when the response starts, the
     * request is recorded as cancelled and the upstream connection is drained and closed, so its buffered body is
     * released rather than leaked.
     */
    private Mono<AttemptResult> respond(RequestContext ctx, HttpClientResponse upstreamResponse, Connection conn,
            HttpServerResponse res, Route route, long deadline, Predicate<FailureKind> tryAgain) {
        return relay(ctx, upstreamResponse, conn, res, route, deadline, tryAgain)
                .onErrorResume(ErrorMapper::isClientGone, e -> {
                    ctx.mark(Stage.CLIENT_CANCELLED);
                    if (ctx.outcome == Outcome.SUCCESS) {
                        ctx.outcome = Outcome.CLIENT_CANCELLED;
                    }
                    conn.inbound().receive().subscribe(b -> { }, err -> { });
                    conn.dispose();
                    return Mono.just(AttemptResult.COMMITTED);
                });
    }

    private Mono<AttemptResult> relay(RequestContext ctx, HttpClientResponse upstreamResponse, Connection conn,
            HttpServerResponse res, Route route, long deadline, Predicate<FailureKind> tryAgain) {
        ctx.mark(Stage.UPSTREAM_HEADERS);
        useIdleTimeout(conn, route.client().config().timeouts());
        int status = upstreamResponse.status().code();
        ctx.upstreamStatus = status;
        if (!ctx.endpoint.metered()) {
            commit(ctx, upstreamResponse, res, route);
            return res.send(conn.inbound().receive().retain()).then().thenReturn(AttemptResult.COMMITTED);
        }
        if (status >= 400) {
            return ProviderError.read(ctx, upstreamResponse, conn, maxResponseBytes)
                    .flatMap(reply -> ProviderError.decide(ctx, reply, route, res, tryAgain));
        }
        String type = upstreamResponse.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            return FirstBytes.await(ctx, upstreamResponse, conn, res, route, deadline, tryAgain, this);
        }
        ctx.stream = false;
        return JsonReply.send(ctx, upstreamResponse, conn, res, route, deadline, this);
    }

    /**
     * Commits the client response to this attempt: status, the provider's headers and the gateway's. Called once
     * per request, just before the first write.
     */
    void commit(RequestContext ctx, HttpClientResponse upstreamResponse, HttpServerResponse res, Route route) {
        UpstreamHeaders.copyResponse(upstreamResponse.responseHeaders(), res.responseHeaders());
        commitStatus(ctx, res, upstreamResponse.status().code(), route);
    }

    /** Status and the gateway's headers of the attempt that answers the client. */
    static void commitStatus(RequestContext ctx, HttpServerResponse res, int status, Route route) {
        ctx.status = status;
        res.status(status).header(Headers.PROVIDER, route.client().config().id());
        if (ctx.model != null) {
            res.header(Headers.MODEL, ctx.model.alias());
        }
        if (ctx.fallbackReason != null) {
            res.header(Headers.FALLBACK, ctx.fallbackReason);
        }
        if (ctx.attempts > 1) {
            res.header(Headers.ATTEMPTS, Integer.toString(ctx.attempts));
        }
        if (status >= 400) {
            ctx.outcome = status >= 500 ? Outcome.UPSTREAM_5XX : Outcome.UPSTREAM_4XX;
        }
    }

    Metering metering() {
        return metering;
    }

    long maxResponseBytes() {
        return maxResponseBytes;
    }

    Mono<Boolean> shutdown() {
        return shutdown;
    }

    /** Meters what a request spent if the response path could not (streams, cancels, cuts). */
    void settle(RequestContext ctx) {
        StreamRelay relay = ctx.relay;
        if (relay != null) {
            metering.meterStream(ctx, relay.result(), ctx.outcome != Outcome.SUCCESS);
        } else if (ctx.usage == null && ctx.endpoint.metered() && mayHaveSpent(ctx)) {
            metering.meterStream(ctx, new StreamUsage(null, null, "", false, null), true);
        }
    }

    /**
     * Whether the provider may have billed a request that has no usage: it answered 2xx (and the body could not
     * be metered), or it was working on it when the client, a timeout or shutdown ended the exchange.
     */
    static boolean mayHaveSpent(RequestContext ctx) {
        if (ctx.betweenAttempts) {
            // The last attempt failed unpaid and the next was not sent yet (e.g. the client left during a wait).
            return false;
        }
        if (ctx.upstreamStatus >= 200 && ctx.upstreamStatus < 300) {
            return true;
        }
        return ctx.upstreamStatus == 0 && ctx.reached(Stage.ROUTED) && (ctx.outcome == Outcome.CLIENT_CANCELLED
                || ctx.outcome == Outcome.UPSTREAM_TIMEOUT || ctx.outcome == Outcome.SHUTTING_DOWN);
    }

    private static void useIdleTimeout(Connection conn, TimeoutsConfig timeouts) {
        conn.removeHandler(NettyPipeline.ResponseTimeoutHandler);
        conn.addHandlerFirst(IDLE_HANDLER, new ReadTimeoutHandler(timeouts.idle().toMillis(), TimeUnit.MILLISECONDS));
    }

    static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime()));
    }

    private static GatewayException totalTimeout(ProviderConfig provider, boolean requestDeadline) {
        String limit = requestDeadline ? "the request's deadline (routing.retry.deadline, over all attempts)"
                : "the total timeout of " + provider.timeouts().total().toMillis() + " ms (providers." + provider.id()
                + ".timeouts.total)";
        return new GatewayException(Outcome.UPSTREAM_TIMEOUT, new ApiError(504, "server_error", "upstream_timeout",
                null, "timeout_error", "The provider '" + provider.id() + "' did not finish within " + limit
                + ". Raise that setting, or retry."));
    }

    GatewayException tooLarge(RequestContext ctx) {
        return new GatewayException(Outcome.INTERNAL, new ApiError(502, "server_error", "response_too_large", null,
                "api_error", "The provider's response is larger than server.max_response_bytes (" + maxResponseBytes
                + " bytes), so the gateway could not meter it. Raise that limit. Request id " + ctx.requestId + "."));
    }
}
