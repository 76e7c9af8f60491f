package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.attribution.AttributionParser;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.ProviderConfig;
import dev.spendgate.config.TimeoutsConfig;
import dev.spendgate.stream.JsonUsageParser;
import dev.spendgate.stream.StreamUsage;
import dev.spendgate.upstream.ProviderClient;
import dev.spendgate.upstream.UpstreamHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The upstream leg: sends the {@code upstreamRequest} and turns the {@code upstreamResponse} into the
 * {@code clientResponse}.
 *
 * <ul>
 *   <li>Provider errors (4xx/5xx) and unmetered paths pass through as they are.</li>
 *   <li>A 2xx JSON body is collected (bounded by {@code server.max_response_bytes}), metered, and sent with
 *       {@code X-LLM-Cost-USD}: the cost must be known before the headers go out.</li>
 *   <li>A 2xx {@code text/event-stream} is relayed event by event ({@link StreamRelay}) and metered when it ends.</li>
 * </ul>
 * Timeouts: connect (channel option), first byte (Reactor Netty's response timeout until headers arrive), then
 * idle between reads (a {@link ReadTimeoutHandler} that replaces it), and total (deadline over the whole exchange).
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

    Mono<Void> exchange(RequestContext ctx, HttpServerRequest clientRequest, HttpServerResponse res, Route route) {
        ProviderClient client = route.client();
        ProviderConfig provider = client.config();
        String uri = clientRequest.uri();
        int q = uri.indexOf('?');
        String url = client.url(q < 0 ? uri : uri.substring(0, q), q < 0 ? null : uri.substring(q + 1));
        long deadline = System.nanoTime() + provider.timeouts().total().toNanos();
        byte[] body = route.body();
        return client.http()
                .request(clientRequest.method())
                .uri(url)
                .send((upstreamRequest, out) -> {
                    UpstreamHeaders.copyRequest(clientRequest.requestHeaders(), upstreamRequest.requestHeaders(),
                            provider, strippedHeaders, ctx.keyHeaders);
                    upstreamRequest.requestHeaders().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                    return body.length == 0 ? out : out.sendByteArray(Mono.just(body));
                })
                .responseConnection((upstreamResponse, conn) ->
                        respond(ctx, upstreamResponse, conn, res, route, deadline))
                .then()
                .timeout(remaining(deadline).plusMillis(50), Mono.defer(() -> Mono.error(totalTimeout(provider))));
    }

    /**
     * Sends the upstream response to the client. If the client is already gone when the response starts, the
     * request is recorded as cancelled and the upstream connection is drained and closed, so its buffered body is
     * released rather than leaked.
     */
    private Mono<Void> respond(RequestContext ctx, HttpClientResponse upstreamResponse, Connection conn,
            HttpServerResponse res, Route route, long deadline) {
        return relay(ctx, upstreamResponse, conn, res, route, deadline)
                .onErrorResume(ErrorMapper::isClientGone, e -> {
                    ctx.mark(Stage.CLIENT_CANCELLED);
                    if (ctx.outcome == Outcome.SUCCESS) {
                        ctx.outcome = Outcome.CLIENT_CANCELLED;
                    }
                    conn.inbound().receive().subscribe(b -> { }, err -> { });
                    conn.dispose();
                    return Mono.empty();
                });
    }

    private Mono<Void> relay(RequestContext ctx, HttpClientResponse upstreamResponse, Connection conn,
            HttpServerResponse res, Route route, long deadline) {
        ctx.mark(Stage.UPSTREAM_HEADERS);
        useIdleTimeout(conn, route.client().config().timeouts());
        int status = upstreamResponse.status().code();
        ctx.status = status;
        ctx.upstreamStatus = status;
        UpstreamHeaders.copyResponse(upstreamResponse.responseHeaders(), res.responseHeaders());
        res.status(status).header(Headers.PROVIDER, route.client().config().id());
        if (ctx.model != null) {
            res.header(Headers.MODEL, ctx.model.alias());
        }
        if (status >= 400) {
            ctx.outcome = status >= 500 ? Outcome.UPSTREAM_5XX : Outcome.UPSTREAM_4XX;
        }
        if (!ctx.endpoint.metered() || status >= 400) {
            return res.send(conn.inbound().receive().retain()).then();
        }
        String type = upstreamResponse.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            ctx.stream = true;
            StreamRelay relay = new StreamRelay(ctx, route.stripUsageChunk());
            ctx.relay = relay;
            return res.send(relay.relay(conn.inbound().receive(), remaining(deadline), shutdown,
                            conn.channel().eventLoop()),
                    b -> true).then();
        }
        ctx.stream = false;
        return BodyCollector.collect(conn.inbound().receive(), maxResponseBytes, () -> tooLarge(ctx))
                .flatMap(buf -> {
                    try {
                        metering.meterBody(ctx, JsonUsageParser.parse(ctx.endpoint, buf), buf);
                    } catch (RuntimeException e) {
                        buf.release();
                        throw e;
                    }
                    res.header(Headers.COST_USD, ctx.cost.toPlainString())
                            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(buf.readableBytes()));
                    // The write releases buf; if the client went away before it started, nothing will: release it.
                    return res.send(Mono.<ByteBuf>just(buf)).then()
                            .doFinally(signal -> {
                                if (signal != SignalType.ON_COMPLETE && buf.refCnt() > 0) {
                                    buf.release();
                                }
                            });
                });
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
    private static boolean mayHaveSpent(RequestContext ctx) {
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

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime()));
    }

    private static GatewayException totalTimeout(ProviderConfig provider) {
        return new GatewayException(Outcome.UPSTREAM_TIMEOUT, new ApiError(504, "server_error", "upstream_timeout",
                null, "timeout_error", "The provider '" + provider.id()
                + "' did not finish within the total timeout of "
                + provider.timeouts().total().toSeconds() + " s. Raise providers." + provider.id()
                + ".timeouts.total, or retry."));
    }

    private GatewayException tooLarge(RequestContext ctx) {
        return new GatewayException(Outcome.INTERNAL, new ApiError(502, "server_error", "response_too_large", null,
                "api_error", "The provider's response is larger than server.max_response_bytes (" + maxResponseBytes
                + " bytes), so the gateway could not meter it. Raise that limit. Request id " + ctx.requestId + "."));
    }
}
