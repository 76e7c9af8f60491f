package dev.spendgate.flow;

import dev.spendgate.config.ProviderConfig;
import dev.spendgate.inspect.RequestPaths;
import dev.spendgate.route.FailureKind;
import dev.spendgate.upstream.ProviderClient;
import dev.spendgate.upstream.UpstreamCall;
import dev.spendgate.upstream.UpstreamHeaders;
import dev.spendgate.upstream.UpstreamListener;
import dev.spendgate.upstream.UpstreamTimeoutException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One upstream attempt of one request: sends the {@code upstreamRequest} and, by what the provider answers, passes
 * it through (unmetered paths), holds a provider error to classify ({@link ProviderError}), collects and meters a
 * JSON body ({@link JsonReply}), or relays a stream from its first bytes on ({@link StreamRelay}). Either the
 * {@code clientResponse} is committed and written in full, or the attempt fails before anything reached the client
 * and the caller may try again. Runs on the client connection's event loop.
 *
 * <p>A client that does not take what was written pauses reading upstream (backpressure). The provider's idle
 * timeout does not run while paused; instead the client gets the same time to make room (its connection to become
 * writable again), else it is hung up on and the request ends as {@link Outcome#CLIENT_TIMEOUT}, recorded like a
 * client cancel with what was spent, and not held against the provider.
 */
final class UpstreamAttempt implements UpstreamListener {

    private enum Mode { HEAD, PASS, ERROR, JSON, STREAM_WAIT, STREAM, DONE }

    /** Upstream request headers: copied from headers the server decoder validated, or from validated config. */
    private static final DefaultHttpHeadersFactory UPSTREAM_HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);

    private final UpstreamExchange exchange;
    private final Exchange ex;
    private final RequestContext ctx;
    private final Downstream res;
    private final Route route;
    private final long deadline;
    private final Predicate<FailureKind> tryAgain;
    private final AttemptCallback callback;
    private Mode mode = Mode.HEAD;
    private boolean requestDeadline;
    private @Nullable UpstreamCall call;
    private @Nullable HttpResponse head;
    private @Nullable ResponseBody collected;
    private @Nullable StreamRelay relay;
    /** Whether upstream reading is paused because the client's connection is not writable. */
    private boolean stalled;
    private long stalledSince;
    private boolean stallCheckArmed;

    UpstreamAttempt(UpstreamExchange exchange, Exchange ex, Route route, long deadline,
            Predicate<FailureKind> tryAgain, AttemptCallback callback) {
        this.exchange = exchange;
        this.ex = ex;
        this.ctx = ex.context();
        this.res = ex.response();
        this.route = route;
        this.deadline = deadline;
        this.tryAgain = tryAgain;
        this.callback = callback;
    }

    void start() {
        if (ex.cancelled()) {
            mode = Mode.DONE;
            callback.cancelled();
            return;
        }
        ProviderClient client = route.client();
        ProviderConfig provider = client.config();
        String uri = ex.clientRequest().uri();
        int q = uri.indexOf('?');
        // The path as classified: RequestTarget.endpointOf accepted it, and normalised encoded unreserved characters.
        String path = route.upstreamPath() != null ? route.upstreamPath()
                : RequestPaths.normalized(q < 0 ? uri : uri.substring(0, q));
        String target = client.target(path, q < 0 ? null : uri.substring(q + 1));
        long providerEnd = System.nanoTime() + provider.timeouts().total().toNanos();
        long end = deadline - providerEnd < 0 ? deadline : providerEnd;
        requestDeadline = deadline - providerEnd < 0;
        byte[] body = route.body();
        HttpHeaders headers = UPSTREAM_HEADERS.newHeaders();
        UpstreamHeaders.copyRequest(ex.clientRequest().headers(), headers, provider, exchange.strippedHeaders(),
                ctx.keyHeaders);
        if (route.translation() != null) {
            route.translation().adaptHeaders(headers);
        }
        headers.set(HttpHeaderNames.HOST, client.hostHeader());
        headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ctx.attempts++;
        ctx.betweenAttempts = false;
        ex.attempt(this);
        call = client.send(ex.loop(), ex.method(), target, headers, body, end, this);
    }

    @Override
    public void onHead(HttpResponse upstreamResponse) {
        head = upstreamResponse;
        ctx.mark(Stage.UPSTREAM_HEADERS);
        int status = upstreamResponse.status().code();
        ctx.upstreamStatus = status;
        if (!ctx.endpoint.metered()) {
            mode = Mode.PASS;
            UpstreamExchange.commit(ctx, upstreamResponse, res, route);
            res.startStream();
        } else if (status >= 400) {
            mode = Mode.ERROR;
            collected = new ResponseBody(res.alloc(), exchange.maxResponseBytes());
        } else if (upstreamResponse.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT)
                .startsWith("text/event-stream")) {
            mode = Mode.STREAM_WAIT;
            ctx.stream = true;
        } else {
            mode = Mode.JSON;
            ctx.stream = false;
            collected = new ResponseBody(res.alloc(), exchange.maxResponseBytes());
        }
    }

    @Override
    public void onBody(ByteBuf chunk) {
        switch (mode) {
            case PASS -> write(chunk);
            case ERROR, JSON -> {
                ResponseBody b = collected;
                if (b != null && !b.add(chunk)) {
                    cancelCall();
                    preCommitFailure(mode == Mode.JSON ? exchange.tooLarge(ctx) : ProviderError.tooLarge(ctx));
                }
            }
            case STREAM_WAIT -> {
                startRelay();
                write(relayed(chunk));
            }
            case STREAM -> write(relayed(chunk));
            default -> chunk.release();
        }
    }

    private ByteBuf relayed(ByteBuf chunk) {
        StreamRelay r = relay;
        return r == null ? chunk : r.onChunk(chunk);
    }

    private void write(ByteBuf out) {
        res.write(out);
        UpstreamCall c = call;
        if (c != null && !res.writable()) {
            c.pause();
            if (!stalled) {
                stalled = true;
                stalledSince = System.nanoTime();
                if (!stallCheckArmed) {
                    stallCheckArmed = true;
                    ex.loop().schedule(this::checkStall, stallNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    /** How long a client may take nothing of the response: the provider's idle timeout. */
    private long stallNanos() {
        return route.client().config().timeouts().idle().toNanos();
    }

    /** Re-arms itself while the client keeps up in between; one timer per attempt at most. */
    private void checkStall() {
        stallCheckArmed = false;
        if (mode == Mode.DONE || !stalled) {
            return;
        }
        long left = stalledSince + stallNanos() - System.nanoTime();
        if (left > 0) {
            stallCheckArmed = true;
            ex.loop().schedule(this::checkStall, left, TimeUnit.NANOSECONDS);
            return;
        }
        ex.clientStalled();
    }

    @Override
    public void onReadComplete() {
        if (mode == Mode.PASS || mode == Mode.STREAM) {
            res.flush();
        }
    }

    @Override
    public void onEnd() {
        call = null;
        switch (mode) {
            case PASS -> {
                res.end(Unpooled.EMPTY_BUFFER);
                committed();
            }
            case ERROR -> {
                ResponseBody b = taken();
                HttpResponse h = head();
                AttemptResult r = ProviderError.decide(ctx, new AttemptResult.ErrorReply(h.status().code(),
                        h.headers(), b.bytes()), route, res, tryAgain);
                finishWith(r);
            }
            case JSON -> {
                ResponseBody b = taken();
                try {
                    JsonReply.send(ctx, head(), b.take(), res, route, exchange);
                } catch (RuntimeException e) {
                    preCommitFailure(e);
                    return;
                }
                committed();
            }
            case STREAM_WAIT -> firstBytesFailed(FailureKind.SERVER_ERROR, null);
            case STREAM -> {
                res.end(relay().onEnd());
                committed();
            }
            default -> {
            }
        }
    }

    @Override
    public void onError(Throwable cause) {
        call = null;
        switch (mode) {
            case STREAM -> {
                res.end(relay().onError(cause));
                committed();
            }
            case STREAM_WAIT -> {
                if (ErrorMapper.isTimeout(cause) && !(cause instanceof UpstreamTimeoutException t
                        && t.limit() == UpstreamTimeoutException.Limit.TOTAL)) {
                    firstBytesFailed(FailureKind.TIMEOUT, cause);
                } else {
                    // The provider answered 2xx and then broke (or ran out of time) before any byte: its failure,
                    // retried or answered with an error status, since nothing reached the client yet.
                    preCommitFailure(cause);
                }
            }
            case PASS -> {
                mode = Mode.DONE;
                releaseCollected();
                ex.attempt(null);
                callback.failed(cause);
            }
            case DONE -> {
            }
            default -> preCommitFailure(cause);
        }
    }

    /**
     * A 2xx stream that ended, broke or timed out before its first bytes. Nothing reached the client: a failure
     * the caller tries again for; otherwise the response is committed and the stream ends at once with an error
     * event (or the incomplete-stream event).
     */
    private void firstBytesFailed(FailureKind kind, @Nullable Throwable cause) {
        if (tryAgain.test(kind)) {
            ctx.outcome = kind == FailureKind.TIMEOUT ? Outcome.UPSTREAM_TIMEOUT : Outcome.UPSTREAM_5XX;
            finishWith(new AttemptResult.Failed(kind, ctx.upstreamStatus, null, null,
                    FirstBytes.noBody(ctx, route, kind)));
            return;
        }
        startRelay();
        res.end(cause == null ? relay().onEnd() : relay().onError(cause));
        committed();
    }

    private void startRelay() {
        UpstreamExchange.commit(ctx, head(), res, route);
        StreamRelay r = new StreamRelay(ctx, route);
        relay = r;
        ctx.relay = r;
        mode = Mode.STREAM;
        res.startStream();
    }

    /** An exception before the client response started: a failure to retry, or the error to answer with. */
    private void preCommitFailure(Throwable e) {
        GatewayException mapped = e instanceof UpstreamTimeoutException t
                && t.limit() == UpstreamTimeoutException.Limit.TOTAL
                ? UpstreamExchange.totalTimeout(route.client().config(), requestDeadline) : ErrorMapper.map(e, ctx);
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
            finishWith(new AttemptResult.Failed(kind, 0, null, null, mapped));
            return;
        }
        mode = Mode.DONE;
        releaseCollected();
        ex.attempt(null);
        callback.failed(mapped);
    }

    private void committed() {
        finishWith(AttemptResult.COMMITTED);
    }

    private void finishWith(AttemptResult result) {
        mode = Mode.DONE;
        releaseCollected();
        ex.attempt(null);
        callback.done(result);
    }

    /** The client left: the provider's response is not read further. */
    void clientGone() {
        if (mode == Mode.DONE) {
            return;
        }
        mode = Mode.DONE;
        cancelCall();
        releaseCollected();
        callback.cancelled();
    }

    /** The shutdown grace passed: a relayed stream ends now with an error event. */
    void shutdown() {
        if (mode != Mode.STREAM) {
            return;
        }
        cancelCall();
        res.end(relay().onShutdown());
        committed();
    }

    /** The client can take more again. */
    void resume() {
        stalled = false;
        UpstreamCall c = call;
        if (c != null) {
            c.resume();
        }
    }

    private void cancelCall() {
        UpstreamCall c = call;
        call = null;
        if (c != null) {
            c.cancel();
        }
    }

    private ResponseBody taken() {
        ResponseBody b = collected;
        if (b == null) {
            throw new IllegalStateException("no body collected");
        }
        collected = null;
        return b;
    }

    private void releaseCollected() {
        ResponseBody b = collected;
        collected = null;
        if (b != null) {
            b.release();
        }
    }

    private HttpResponse head() {
        HttpResponse h = head;
        if (h == null) {
            throw new IllegalStateException("no response head");
        }
        return h;
    }

    private StreamRelay relay() {
        StreamRelay r = relay;
        if (r == null) {
            throw new IllegalStateException("no relay");
        }
        return r;
    }
}
