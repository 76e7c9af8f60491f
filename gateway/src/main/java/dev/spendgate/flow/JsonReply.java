package dev.spendgate.flow;

import dev.spendgate.stream.JsonUsageParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A 2xx JSON body: collected (bounded by {@code server.max_response_bytes}), metered from the provider's own
 * bytes, translated when the client speaks the other format, and sent with {@code X-LLM-Cost-USD}: the cost must
 * be known before the headers go out. Nothing reaches the client until the whole body is in, so a body that
 * never arrives is a failed attempt that may fall back.
 */
final class JsonReply {

    private JsonReply() {
    }

    static Mono<AttemptResult> send(RequestContext ctx, HttpClientResponse upstreamResponse, Connection conn,
            HttpServerResponse res, Route route, long deadline, UpstreamExchange exchange) {
        // The first body bytes are bounded by the first-byte timeout, as for streams (the idle timeout only
        // starts to apply between reads): a 200 whose body never starts fails fast and can fall back.
        Flux<ByteBuf> body = conn.inbound().receive()
                .timeout(FirstBytes.timer(conn, route, deadline), chunk -> Mono.never(), FirstBytes.timedOut())
                .doOnError(TimeoutException.class, e -> conn.dispose());
        return BodyCollector.collect(body, exchange.maxResponseBytes(), () -> exchange.tooLarge(ctx))
                .flatMap(buf -> {
                    ByteBuf out;
                    try {
                        exchange.metering().meterBody(ctx, JsonUsageParser.parse(route.upstreamEndpoint(), buf),
                                buf);
                        out = route.translation() == null ? buf : translated(ctx, route.translation(), buf);
                    } catch (RuntimeException e) {
                        buf.release();
                        throw e;
                    }
                    exchange.commit(ctx, upstreamResponse, res, route);
                    res.header(Headers.COST_USD, ctx.cost.toPlainString())
                            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(out.readableBytes()));
                    // The write releases out; if the client went away before it started, nothing will: release it.
                    return res.send(Mono.just(out)).then()
                            .doFinally(signal -> {
                                if (signal != SignalType.ON_COMPLETE && out.refCnt() > 0) {
                                    out.release();
                                }
                            })
                            .then(Mono.just(AttemptResult.COMMITTED));
                });
    }

    /** The client-format body; releases the provider's once translated (the caller releases it on failure). */
    private static ByteBuf translated(RequestContext ctx, CrossFormat translation, ByteBuf upstream) {
        byte[] bytes = new byte[upstream.readableBytes()];
        upstream.getBytes(upstream.readerIndex(), bytes);
        String alias = ctx.requestedModel == null ? "" : ctx.requestedModel;
        ByteBuf out = Unpooled.wrappedBuffer(translation.response(bytes, alias));
        upstream.release();
        return out;
    }
}
