package dev.spendgate.demo;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Puts a {@link SimReply} on the wire with its pacing. Delays use {@code Mono.delay} / {@code delayElements}
 * (timer scheduler), never a sleeping event loop; with no latency nothing leaves the event loop. Every SSE frame
 * is flushed on its own, as the providers do. The {@code cut} fault writes half the answer and then closes the
 * channel before the response is complete, so the client sees a premature close and no terminal event.
 */
final class SimResponder {

    private SimResponder() {
    }

    static Mono<Void> write(HttpServerResponse res, SimReply reply, SimFault fault) {
        boolean cut = fault == SimFault.CUT;
        if (reply instanceof SimReply.Body body) {
            return delayed(body.pacing().whole(body.tokens()), Mono.defer(() -> body(res, body, cut)));
        }
        SimReply.Events events = (SimReply.Events) reply;
        return events(res, events, cut);
    }

    private static Mono<Void> body(HttpServerResponse res, SimReply.Body body, boolean cut) {
        res.status(HttpResponseStatus.valueOf(body.status()));
        body.headers().forEach(res::header);
        byte[] bytes = body.body().getBytes(StandardCharsets.UTF_8);
        res.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length));
        if (!cut) {
            return res.sendByteArray(Mono.just(bytes)).then();
        }
        Flux<ByteBuf> half = Mono.fromSupplier(() -> res.alloc().buffer(bytes.length / 2)
                .writeBytes(bytes, 0, bytes.length / 2)).flux();
        return res.send(half.concatWith(closeConnection(res)), buf -> true).then();
    }

    private static Mono<Void> events(HttpServerResponse res, SimReply.Events events, boolean cut) {
        res.status(HttpResponseStatus.OK);
        events.headers().forEach(res::header);
        res.header(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        List<String> frames = cut ? events.frames().subList(0, events.frames().size() / 2) : events.frames();
        Flux<String> paced = Flux.fromIterable(frames);
        Duration perToken = events.pacing().perToken();
        if (!perToken.isZero()) {
            paced = paced.delayElements(perToken);
        }
        Duration first = events.pacing().firstToken();
        if (!first.isZero()) {
            paced = Mono.delay(first).thenMany(paced);
        }
        // Buffers are allocated only when the send subscriber asks for them, so a cancelled stream leaks none.
        Flux<ByteBuf> bufs = paced.map(frame -> {
            ByteBuf buf = res.alloc().buffer(frame.length());
            buf.writeCharSequence(frame, StandardCharsets.UTF_8);
            return buf;
        });
        if (cut) {
            bufs = bufs.concatWith(closeConnection(res));
        }
        return res.send(bufs, buf -> true).then();
    }

    /** Closes the channel after the flushed frames and never completes, so no chunked terminator is written. */
    private static Mono<ByteBuf> closeConnection(HttpServerResponse res) {
        return Mono.defer(() -> {
            res.withConnection(connection -> connection.channel().close());
            return Mono.never();
        });
    }

    private static Mono<Void> delayed(Duration delay, Mono<Void> send) {
        return delay.isZero() ? send : Mono.delay(delay).then(send);
    }
}
