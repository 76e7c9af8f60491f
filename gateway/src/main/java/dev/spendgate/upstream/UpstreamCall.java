package dev.spendgate.upstream;

import dev.spendgate.upstream.UpstreamTimeoutException.Limit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One request to a provider and its response, on the client connection's event loop: takes a pooled connection,
 * writes the request, and hands the response to its {@link UpstreamListener}. Everything here runs on that loop.
 *
 * <p>Time limits, all enforced by one timer that re-arms itself lazily (no work per read): the first-byte timeout
 * until the response head, then for a 2xx until its first body bytes; the idle timeout between reads once the
 * head is in (not while the gateway itself paused reading for a slow client: that silence is not the provider's);
 * and an absolute end (the total timeout or the request's deadline) over everything, connecting included. A
 * request whose reused (possibly stale) connection closes before any answer is sent once more on a new
 * connection, as Reactor Netty's client does.
 */
public final class UpstreamCall {

    private enum State { ACQUIRING, AWAIT_HEAD, AWAIT_BODY, BODY, DONE }

    private final UpstreamPool pool;
    private final EventLoop loop;
    private final HttpMethod method;
    private final String uri;
    private final HttpHeaders headers;
    private final byte[] body;
    private final long firstByteNanos;
    private final long idleNanos;
    private final long end;
    private final UpstreamListener listener;
    private final Runnable onTimer = this::onTimer;
    private State state = State.ACQUIRING;
    private @Nullable UpstreamConnection conn;
    private boolean reused;
    private boolean retried;
    private boolean keepAlive;
    private boolean success;
    private boolean informational;
    private boolean paused;
    private long sentAt;
    private long headAt;
    private long lastRead;
    private @Nullable ScheduledFuture<?> timer;
    private long timerAt;

    UpstreamCall(UpstreamPool pool, EventLoop loop, HttpMethod method, String uri, HttpHeaders headers, byte[] body,
            long firstByteNanos, long idleNanos, long end, UpstreamListener listener) {
        this.pool = pool;
        this.loop = loop;
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
        this.firstByteNanos = firstByteNanos;
        this.idleNanos = idleNanos;
        this.end = end;
        this.listener = listener;
    }

    void start() {
        arm(System.nanoTime());
        pool.acquire(loop, this, false);
    }

    /** Stops the exchange: the connection is closed (its response is not read to the end), no callback follows. */
    public void cancel() {
        stop();
    }

    /**
     * Stops reading the response (the client is slow); {@link #resume} reads on. The idle timeout stops meanwhile;
     * bounding the client's stall is the caller's job.
     */
    public void pause() {
        UpstreamConnection c = conn;
        if (!paused && c != null) {
            paused = true;
            c.channel().config().setAutoRead(false);
        }
    }

    /** Reads on after {@link #pause}; the idle timeout starts over from now. */
    public void resume() {
        UpstreamConnection c = conn;
        if (paused && c != null) {
            paused = false;
            lastRead = System.nanoTime();
            c.channel().config().setAutoRead(true);
            rearmIfEarlier(lastRead);
        }
    }

    void acquired(UpstreamConnection c, boolean fromPool) {
        if (state == State.DONE) {
            pool.release(c);
            return;
        }
        conn = c;
        reused = fromPool;
        c.bind(this);
        state = State.AWAIT_HEAD;
        sentAt = System.nanoTime();
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.wrappedBuffer(body), headers, EmptyHttpHeaders.INSTANCE);
        c.channel().writeAndFlush(request, c.channel().voidPromise());
        rearmIfEarlier(sentAt);
    }

    void acquireFailed(Throwable cause) {
        fail(cause);
    }

    void onMessage(Object msg) {
        if (state == State.DONE) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse head && !onHead(head)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent content) {
            onContent(content);
        }
    }

    /** False when the message ends here (an informational head, or a decoding failure). */
    private boolean onHead(HttpResponse head) {
        if (head.decoderResult().isFailure()) {
            fail(UpstreamProtocolException.of(head.decoderResult().cause()));
            return false;
        }
        int code = head.status().code();
        if (code >= 100 && code < 200) {
            informational = true;
            return false;
        }
        keepAlive = HttpUtil.isKeepAlive(head);
        success = code >= 200 && code < 300;
        long now = System.nanoTime();
        headAt = now;
        lastRead = now;
        state = State.AWAIT_BODY;
        rearmIfEarlier(now);
        listener.onHead(head);
        return true;
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            // A malformed chunk (or framing the codec gave up on): the codec ends the message with an invalid
            // last content, which must not pass for the end of the body.
            Throwable cause = content.decoderResult().cause();
            content.release();
            fail(UpstreamProtocolException.of(cause));
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (informational) {
            informational = !last;
            content.release();
            return;
        }
        if (state == State.DONE) {
            content.release();
            return;
        }
        ByteBuf data = content.content();
        if (data.isReadable()) {
            lastRead = System.nanoTime();
            if (state == State.AWAIT_BODY) {
                state = State.BODY;
                rearmIfEarlier(lastRead);
            }
            listener.onBody(data.retain());
        }
        content.release();
        if (last && state != State.DONE) {
            finish();
        }
    }

    private void finish() {
        state = State.DONE;
        cancelTimer();
        UpstreamConnection c = conn;
        conn = null;
        if (c != null) {
            if (paused) {
                c.channel().config().setAutoRead(true);
            }
            if (keepAlive) {
                pool.release(c);
            } else {
                c.close();
            }
        }
        listener.onEnd();
    }

    void onReadComplete() {
        if (state != State.DONE && state != State.ACQUIRING) {
            listener.onReadComplete();
        }
    }

    void onClosed() {
        onFailure(new UpstreamClosedException(state == State.AWAIT_BODY || state == State.BODY));
    }

    void onFailure(Throwable error) {
        if (state == State.DONE) {
            return;
        }
        Throwable cause = classified(error);
        if (state == State.AWAIT_HEAD && reused && !retried && cause instanceof IOException) {
            // A pooled connection the provider had closed while it was idle: send once more on a new one.
            retried = true;
            UpstreamConnection c = conn;
            conn = null;
            if (c != null) {
                c.close();
            }
            state = State.ACQUIRING;
            pool.acquire(loop, this, true);
            return;
        }
        fail(cause);
    }

    /**
     * A pipeline failure in the listener's terms: the codec or the decompressor failing is the provider's invalid
     * response; an I/O error once the head is in (a reset mid-body) is the provider closing mid-response, not a
     * provider that could not be reached.
     */
    private Throwable classified(Throwable cause) {
        if (cause instanceof DecoderException) {
            return UpstreamProtocolException.of(cause);
        }
        if (cause instanceof IOException && !(cause instanceof UpstreamClosedException)
                && (state == State.AWAIT_BODY || state == State.BODY)) {
            return new UpstreamClosedException(true, cause);
        }
        return cause;
    }

    private void fail(Throwable cause) {
        if (stop()) {
            listener.onError(cause);
        }
    }

    /** Ends the exchange and closes its connection; false when it had already ended. */
    private boolean stop() {
        if (state == State.DONE) {
            return false;
        }
        state = State.DONE;
        cancelTimer();
        UpstreamConnection c = conn;
        conn = null;
        if (c != null) {
            c.close();
        }
        return true;
    }

    /** When the current state's time limit is up. */
    private long due() {
        long d = switch (state) {
            case ACQUIRING, DONE -> end;
            case AWAIT_HEAD -> sentAt + firstByteNanos;
            case AWAIT_BODY -> headAt + (success ? Math.min(firstByteNanos, idleNanos) : idleNanos);
            case BODY -> paused ? end : lastRead + idleNanos;
        };
        return d - end < 0 ? d : end;
    }

    private void onTimer() {
        timer = null;
        if (state == State.DONE) {
            return;
        }
        long now = System.nanoTime();
        if (now - due() < 0) {
            arm(now);
            return;
        }
        fail(timeout(now));
    }

    private UpstreamTimeoutException timeout(long now) {
        if (now - end >= 0) {
            return new UpstreamTimeoutException(Limit.TOTAL, 0);
        }
        long firstByteMillis = TimeUnit.NANOSECONDS.toMillis(firstByteNanos);
        long idleMillis = TimeUnit.NANOSECONDS.toMillis(idleNanos);
        return switch (state) {
            case AWAIT_HEAD, ACQUIRING, DONE -> new UpstreamTimeoutException(Limit.FIRST_BYTE, firstByteMillis);
            case AWAIT_BODY -> success && firstByteNanos <= idleNanos
                    ? new UpstreamTimeoutException(Limit.FIRST_BODY, firstByteMillis)
                    : new UpstreamTimeoutException(Limit.IDLE, idleMillis);
            case BODY -> new UpstreamTimeoutException(Limit.IDLE, idleMillis);
        };
    }

    private void arm(long now) {
        long at = due();
        timerAt = at;
        timer = loop.schedule(onTimer, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private void rearmIfEarlier(long now) {
        if (timer == null || due() - timerAt < 0) {
            cancelTimer();
            arm(now);
        }
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
            timer = null;
        }
    }
}
