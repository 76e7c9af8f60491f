package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.route.FailureKind;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The start of a 2xx stream. The client response is committed only when the first body bytes arrive, within the
 * provider's first-byte timeout: a 200 whose body never starts (or ends at once, empty) is a failed attempt that
 * may be retried or fall back, since nothing has reached the client yet. From the first bytes on, the stream
 * belongs to the client and is relayed by {@link StreamRelay}; a break after that ends the client's stream with an
 * error event instead.
 */
final class FirstBytes {

    private static final Flux<Object> TIMED_OUT = Flux.defer(() -> Flux.error(
            new TimeoutException("the first body bytes did not arrive within the first-byte timeout")));

    private FirstBytes() {
    }

    static Mono<AttemptResult> await(RequestContext ctx, HttpClientResponse upstreamResponse, Connection conn,
            HttpServerResponse res, Route route, long deadline, Predicate<FailureKind> tryAgain,
            UpstreamExchange exchange) {
        ctx.stream = true;
        Executor loop = conn.channel().eventLoop();
        // retain(): the first chunk is held until the response is committed, after Reactor Netty released its own
        // reference; the relay owns every chunk it gets (see StreamRelay), a dropped one is discarded and released.
        return conn.inbound().receive().retain()
                .doOnDiscard(io.netty.buffer.ByteBuf.class, io.netty.util.ReferenceCountUtil::safeRelease)
                .timeout(timer(conn, route, deadline), chunk -> Mono.never(), timedOut())
                .switchOnFirst((first, body) -> {
                    if (!first.hasValue()) {
                        FailureKind kind = first.getThrowable() == null ? FailureKind.SERVER_ERROR
                                : ErrorMapper.isTimeout(first.getThrowable()) ? FailureKind.TIMEOUT
                                : FailureKind.CONNECT_ERROR;
                        if (tryAgain.test(kind)) {
                            conn.dispose();
                            ctx.outcome = kind == FailureKind.TIMEOUT ? Outcome.UPSTREAM_TIMEOUT
                                    : Outcome.UPSTREAM_5XX;
                            AttemptResult failed = new AttemptResult.Failed(kind, ctx.upstreamStatus, null, null,
                                    noBody(ctx, route, kind));
                            return Mono.just(failed);
                        }
                    }
                    exchange.commit(ctx, upstreamResponse, res, route);
                    StreamRelay relay = new StreamRelay(ctx, route);
                    ctx.relay = relay;
                    return res.send(relay.relay(body, UpstreamExchange.remaining(deadline), exchange.shutdown(),
                            loop), b -> true).then().thenReturn(AttemptResult.COMMITTED);
                })
                .next();
    }

    /**
     * Fires when the first body bytes of a 2xx response have not arrived within the provider's first-byte timeout
     * (or the deadline, if sooner), on the connection's event loop.
     */
    static Mono<Long> timer(Connection conn, Route route, long deadline) {
        Duration firstByte = route.client().config().timeouts().firstByte();
        Duration remaining = UpstreamExchange.remaining(deadline);
        Duration wait = firstByte.compareTo(remaining) < 0 ? firstByte : remaining;
        return Mono.delay(wait, LoopSchedulers.of(conn.channel().eventLoop()));
    }

    /**
     * The error of {@link #timer} firing. Given as the timeout's fallback: without one, Reactor describes the timer
     * publisher (walking its chain) every time a timeout is assembled, that is on every response.
     */
    @SuppressWarnings("unchecked")
    static <T> Flux<T> timedOut() {
        return (Flux<T>) TIMED_OUT;
    }

    private static GatewayException noBody(RequestContext ctx, Route route, FailureKind kind) {
        String id = route.client().config().id();
        boolean timeout = kind == FailureKind.TIMEOUT;
        return new GatewayException(timeout ? Outcome.UPSTREAM_TIMEOUT : Outcome.UPSTREAM_5XX,
                new ApiError(timeout ? 504 : 502, "server_error", timeout ? "upstream_timeout" : "upstream_empty",
                        null, timeout ? "timeout_error" : "api_error", "The provider '" + id + "' answered "
                        + ctx.upstreamStatus + " but its stream " + (timeout ? "did not start within the first-byte"
                        + " timeout. Retry, or raise providers." + id + ".timeouts.first_byte."
                        : "ended before its first event. Retry.") + " Request id " + ctx.requestId + "."));
    }
}
