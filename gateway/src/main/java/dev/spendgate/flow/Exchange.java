package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.api.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request, from its head to the end of its response, in the order {@link ProxyFlow} documents:
 * endpoint and attribution on the head, the body read with a hard cap (413), then plan, guards and the attempts
 * (off the event loop first when the guards may block on a shared store), and the recording exactly once, also when
 * the client leaves or the flow fails. Runs on the client connection's event loop, except for the guard work that
 * a blocking store sends to a worker (handed back before anything touches the connection).
 */
final class Exchange {

    private enum Phase { READING, HANDLING, DISCARDING }

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final ProxyFlow flow;
    private final ClientConnection conn;
    private final HttpRequest clientRequest;
    private final Downstream res;
    private final FlowSnapshot s;
    private final EventLoop loop;
    private @Nullable RequestContext ctx;
    private Phase phase = Phase.READING;
    private @Nullable CompositeByteBuf body;
    private long discarded;
    private boolean requestRead;
    private boolean finished;
    private boolean cancelled;
    /** The upstream attempt in progress (client writability, cancel and shutdown go to it), or null. */
    private @Nullable UpstreamAttempt attempt;

    Exchange(ProxyFlow flow, ClientConnection conn, ChannelHandlerContext channel, HttpRequest clientRequest) {
        this.flow = flow;
        this.conn = conn;
        this.clientRequest = clientRequest;
        this.res = new Downstream(channel, conn, clientRequest);
        this.s = flow.snapshot();
        this.loop = channel.channel().eventLoop();
    }

    /** The request head arrived: everything that needs only the head. */
    void start() {
        if (clientRequest.decoderResult().isFailure()) {
            requestRead = true;
            BadHead.answer(res, clientRequest);
            finished = true;
            return;
        }
        Endpoint endpoint = RequestTarget.endpointOf(clientRequest);
        RequestContext c = new RequestContext(flow.nextRequestId(), endpoint == null ? Endpoint.OTHER : endpoint,
                RequestTarget.formatOf(clientRequest, endpoint == null ? Endpoint.OTHER : endpoint));
        ctx = c;
        res.header(Headers.REQUEST_ID, c.requestId);
        flow.started();
        HttpHeaders headers = clientRequest.headers();
        try {
            if (endpoint == null) {
                RequestTarget.tryAttribution(s, c, headers);
                throw RequestTarget.unroutable(clientRequest);
            }
            if (flow.draining()) {
                res.closeAfter();
                throw new GatewayException(Outcome.SHUTTING_DOWN, new ApiError(503, "server_error",
                        "shutting_down", null, "overloaded_error",
                        "The gateway is shutting down. Retry; another replica will serve it."));
            }
            c.attribution = s.attribution.parse(headers::getAll);
            s.guards.admit(c, headers);
            String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
            if (length != null && RequestTarget.parseLong(length) > s.maxBodyBytes()) {
                res.closeAfter();
                throw RequestTarget.tooLarge(s.maxBodyBytes());
            }
            if (endpoint != Endpoint.OTHER && headers.contains(HttpHeaderNames.CONTENT_ENCODING)) {
                for (String encoding : headers.getAll(HttpHeaderNames.CONTENT_ENCODING)) {
                    if (!"identity".equalsIgnoreCase(encoding.trim())) {
                        throw RequestTarget.encodedBody(encoding);
                    }
                }
            }
            body = res.alloc().compositeBuffer(1024);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Whether the request body is still being read (its chunks go to {@link #onContent}). */
    boolean readingRequest() {
        return !requestRead;
    }

    void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        CompositeByteBuf b = body;
        if (phase == Phase.READING && b != null) {
            ByteBuf data = content.content();
            if ((long) b.readableBytes() + data.readableBytes() > s.maxBodyBytes()) {
                content.release();
                res.closeAfter();
                fail(RequestTarget.tooLarge(s.maxBodyBytes()));
            } else {
                if (data.isReadable()) {
                    b.addComponent(true, data.retain());
                }
                content.release();
                if (last) {
                    requestRead = true;
                    onBody();
                }
            }
            return;
        }
        // The response was already decided (an early error): the rest of the body is read and dropped, up to
        // the body limit; past it the connection closes.
        discarded += content.content().readableBytes();
        content.release();
        if (last) {
            requestRead = true;
            doneIfBoth();
        } else if (discarded > s.maxBodyBytes()) {
            res.abort();
        }
    }

    private void onBody() {
        RequestContext c = context();
        CompositeByteBuf b = body;
        body = null;
        byte[] bytes = new byte[b == null ? 0 : b.readableBytes()];
        if (b != null) {
            b.getBytes(b.readerIndex(), bytes);
            b.release();
        }
        c.mark(Stage.BODY_READ);
        phase = Phase.HANDLING;
        boolean offLoop = c.endpoint.metered() && s.guards.blocking();
        if (offLoop) {
            // A shared budget store (Redis) answers within state.timeout, but the guards call it synchronously.
            flow.worker().execute(() -> handle(c, bytes));
        } else {
            handle(c, bytes);
        }
    }

    private void handle(RequestContext c, byte[] bytes) {
        try {
            if (!c.endpoint.metered()) {
                s.guards.passthrough(c, clientRequest.method());
                Route route = s.router.passthrough(c, bytes);
                c.mark(Stage.ROUTED);
                s.upstream.exchange(this, route, new AttemptCallback.Single(this));
                return;
            }
            Plan plan = s.guards.apply(c, s.router.plan(c, bytes), res);
            c.mark(Stage.ROUTED);
            s.attempts.run(this, plan, c.routePlan);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Runs {@code task} on the connection's event loop (now, when already there). */
    void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** The response was written in full (by the attempt that committed it). */
    void responded() {
        if (!loop.inEventLoop()) {
            loop.execute(this::responded);
            return;
        }
        complete(false);
    }

    /**
     * Answers with a gateway-made error (or closes the connection when the response already started). May be
     * called from a worker thread: it hops to the event loop.
     */
    void fail(Throwable e) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> fail(e));
            return;
        }
        if (finished) {
            return;
        }
        if (!requestRead) {
            phase = Phase.DISCARDING;
            CompositeByteBuf b = body;
            body = null;
            if (b != null) {
                b.release();
            }
        }
        RequestContext c = context();
        ErrorResponder.send(c, res, ErrorMapper.map(e, c));
        complete(false);
    }

    /**
     * The client stopped sending the request body for {@code server.request_read_timeout}: 408 when nothing was
     * answered yet (nothing reached a provider, so nothing was spent), and the connection closes either way.
     */
    void requestTimedOut() {
        if (finished) {
            // An early answer went out; the rest of its body never came.
            conn.closeAfterResponse();
            return;
        }
        res.closeAfter();
        fail(RequestTarget.timedOut(s.config.server().requestReadTimeout()));
    }

    /** The client's connection closed. */
    void clientGone() {
        CompositeByteBuf b = body;
        body = null;
        if (b != null) {
            b.release();
        }
        requestRead = true;
        if (finished) {
            return;
        }
        cancelled = true;
        UpstreamAttempt a = attempt;
        if (a != null) {
            a.clientGone();
        }
        complete(true);
    }

    /**
     * The client took nothing of the response for the stall limit ({@link UpstreamAttempt}): the gateway hangs up,
     * and the exchange ends as for any client that left (the attempt stops, what was spent is recorded, the
     * provider's circuit breaker is not charged), with outcome {@code client_timeout}.
     */
    void clientStalled() {
        if (finished) {
            return;
        }
        RequestContext c = context();
        LOG.debug("{} client took nothing of the response for the stall limit; closing", c.requestId);
        c.outcome = Outcome.CLIENT_TIMEOUT;
        // channelInactive follows and ends the exchange through clientGone().
        res.abort();
    }

    /** The client can take more: reading upstream resumes. */
    void onWritable() {
        UpstreamAttempt a = attempt;
        if (a != null) {
            a.resume();
        }
    }

    /** The shutdown grace passed: a stream in flight ends now with an error event. */
    void abortForShutdown() {
        UpstreamAttempt a = attempt;
        if (a != null && !finished) {
            a.shutdown();
        }
    }

    private void complete(boolean cancel) {
        if (finished) {
            return;
        }
        finished = true;
        attempt = null;
        RequestContext c = ctx;
        if (c != null) {
            flow.finish(s, c, res, cancel);
        }
        doneIfBoth();
    }

    private void doneIfBoth() {
        if (finished && requestRead) {
            conn.exchangeDone(this);
        }
    }

    /** Whether the client left (no further attempt may start). */
    boolean cancelled() {
        return cancelled || finished;
    }

    void attempt(@Nullable UpstreamAttempt current) {
        this.attempt = current;
    }

    RequestContext context() {
        RequestContext c = ctx;
        if (c == null) {
            throw new IllegalStateException("no request context before start()");
        }
        return c;
    }

    HttpRequest clientRequest() {
        return clientRequest;
    }

    Downstream response() {
        return res;
    }

    EventLoop loop() {
        return loop;
    }

    Executor worker() {
        return flow.worker();
    }

    HttpMethod method() {
        return clientRequest.method();
    }
}
