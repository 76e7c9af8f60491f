package dev.spendgate.flow;

import dev.spendgate.stream.JsonUsageParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A 2xx JSON body: collected (bounded by {@code server.max_response_bytes}), metered from the provider's own
 * bytes, translated when the client speaks the other format, and sent with {@code X-LLM-Cost-USD}: the cost must
 * be known before the headers go out. Nothing reaches the client until the whole body is in, so a body that
 * never arrives is a failed attempt that may fall back.
 */
final class JsonReply {

    private JsonReply() {
    }

    /** Meters and sends {@code body} (owned: sent, or released when this throws). */
    static void send(RequestContext ctx, HttpResponse upstreamResponse, ByteBuf body, Downstream res, Route route,
            UpstreamExchange exchange) {
        ByteBuf out;
        try {
            exchange.metering().meterBody(ctx, JsonUsageParser.parse(route.upstreamEndpoint(), body), body);
            out = route.translation() == null ? body : translated(ctx, route.translation(), body);
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        UpstreamExchange.commit(ctx, upstreamResponse, res, route);
        res.header(Headers.COST_USD, ctx.cost.toPlainString());
        res.sendFull(out);
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
