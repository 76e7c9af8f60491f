package dev.spendgate.flow;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a gateway-made error in the caller's API format, unless the response has already started. */
final class ErrorResponder {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private ErrorResponder() {
    }

    static void send(RequestContext ctx, Downstream res, GatewayException e) {
        ctx.fail(e.outcome(), e.error().status());
        LOG.debug("{} {}: {}", ctx.requestId, e.outcome().label(), e.getMessage());
        if (res.hasSentHeaders()) {
            // Too late for a status: the relay already ended the stream with an error event, or the body broke
            // off. Closing the connection (so the client sees the cut) is all that is left.
            if (!res.ended()) {
                res.abort();
            }
            return;
        }
        byte[] body = e.error().body(ctx.format);
        e.headers().forEach(res::header);
        res.status(e.error().status())
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendBytes(body);
    }
}
