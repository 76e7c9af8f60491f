package dev.spendgate.flow;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** Sends a gateway-made error in the caller's API format, unless the response has already started. */
final class ErrorResponder {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private ErrorResponder() {
    }

    static Mono<Void> send(RequestContext ctx, HttpServerResponse res, GatewayException e) {
        ctx.fail(e.outcome(), e.error().status());
        LOG.debug("{} {}: {}", ctx.requestId, e.outcome().label(), e.getMessage());
        if (res.hasSentHeaders()) {
            // Too late for a status: the relay already ended the stream with an error event, or the
            // connection is gone. Closing is all that is left.
            return Mono.empty();
        }
        byte[] body = e.error().body(ctx.format);
        e.headers().forEach(res::header);
        return res.status(e.error().status())
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .sendByteArray(Mono.just(body))
                .then();
    }
}
