package dev.spendgate.flow;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client connection's pipeline: it runs one {@link Exchange} at a time. Messages of a
 * pipelined next request wait in a small backlog until the current exchange ends (reading stops when it fills).
 * Touched only by the connection's event loop.
 *
 * <p>Time limits, checked by one self-rescheduling timer (as nginx's client_header_timeout, client_body_timeout and
 * keepalive_timeout): a connection with no exchange and no request arriving is closed after the idle timeout; a
 * head whose first bytes came must be complete within the read timeout (else the connection just closes: there is
 * no request to answer); and while an exchange reads its body, the client may pause no longer than the read
 * timeout (else 408, {@link Exchange#requestTimedOut}).
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final int MAX_BACKLOG = 64;
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ProxyFlow flow;
    private final long idleNanos;
    private final long readNanos;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private @Nullable ChannelHandlerContext ctx;
    private @Nullable Exchange current;
    private long idleSince;
    /** When the request being received began its head (while {@link #headPending}) or last sent body bytes. */
    private long readSince;
    /** Bytes of a next request arrived but not yet a whole head (the decoder holds them). */
    private boolean headPending;
    /** Whether the socket read in progress produced a message. */
    private boolean decoded;
    /** Set once a response said Connection: close: nothing more is read or answered. */
    private boolean closing;

    ClientConnection(ProxyFlow flow, long idleNanos, long readNanos) {
        this.flow = flow;
        this.idleNanos = idleNanos;
        this.readNanos = readNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        idleSince = System.nanoTime();
        flow.opened(this);
        ctx.executor().schedule(this::checkTimeouts, Math.min(idleNanos, readNanos), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        decoded = true;
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Exchange e = current;
        if (e != null && e.readingRequest() && backlog.isEmpty()) {
            if (msg instanceof HttpContent content) {
                readSince = System.nanoTime();
                e.onContent(content);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (e != null || !backlog.isEmpty()) {
            backlog.addLast(msg);
            if (backlog.size() >= MAX_BACKLOG) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        dispatch(ctx, msg);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            headPending = false;
            readSince = System.nanoTime();
            Exchange e = new Exchange(flow, this, ctx, request);
            current = e;
            e.start();
            if (msg instanceof HttpContent content && current == e) {
                e.onContent(content);
            }
        } else {
            // The rest of a request the gateway already answered and stopped reading (it closes the connection).
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * A socket read that produced no message while no request is under way brought the start of a head (or only
     * stray line breaks): its clock starts now. Bytes of a next head that came in one read with the end of the
     * previous request go unnoticed until the head's next read; at worst the idle timeout bounds them.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!decoded && !headPending && !closing && current == null && backlog.isEmpty()) {
            headPending = true;
            readSince = System.nanoTime();
        }
        decoded = false;
        ctx.fireChannelReadComplete();
    }

    /**
     * A response that closes the connection was written: the output side closes now (the client reads the whole
     * response, then sees the end), what the client still sends is read and dropped, and the connection closes
     * when the client closes its side or after {@link #LINGER_NANOS}. Closing at once would reset the connection
     * while the client's unread bytes are pending, and the client could lose the response.
     */
    void closeAfterResponse() {
        ChannelHandlerContext c = ctx;
        if (c == null || closing) {
            return;
        }
        closing = true;
        Object m;
        while ((m = backlog.pollFirst()) != null) {
            ReferenceCountUtil.release(m);
        }
        c.channel().config().setAutoRead(true);
        if (c.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
            duplex.shutdownOutput();
            c.executor().schedule(() -> {
                c.close();
            }, LINGER_NANOS, TimeUnit.NANOSECONDS);
        } else {
            c.close();
        }
    }

    /** The exchange is over (request read and response written): the next pipelined request may start. */
    void exchangeDone(Exchange e) {
        if (current != e) {
            return;
        }
        current = null;
        idleSince = System.nanoTime();
        ChannelHandlerContext c = ctx;
        if (c == null || closing) {
            return;
        }
        while (current == null && !backlog.isEmpty()) {
            dispatch(c, backlog.pollFirst());
        }
        if (current != null && current.readingRequest()) {
            while (!backlog.isEmpty() && current.readingRequest()) {
                Object next = backlog.pollFirst();
                if (next instanceof HttpContent content) {
                    readSince = System.nanoTime();
                    current.onContent(content);
                } else {
                    backlog.addFirst(next);
                    break;
                }
            }
        }
        if (backlog.size() < MAX_BACKLOG && !c.channel().config().isAutoRead()) {
            c.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange e = current;
        if (e != null && ctx.channel().isWritable()) {
            e.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        flow.closed(this);
        Exchange e = current;
        current = null;
        Object m;
        while ((m = backlog.pollFirst()) != null) {
            ReferenceCountUtil.release(m);
        }
        if (e != null) {
            e.clientGone();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a failed write: the client is gone; channelInactive follows and ends the exchange.
        LOG.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Ends the current exchange's stream now (shutdown grace passed). */
    void abort() {
        Exchange e = current;
        if (e != null) {
            e.abortForShutdown();
        }
    }

    /** Runs {@code task} on this connection's event loop. */
    void execute(Runnable task) {
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.executor().execute(task);
        }
    }

    /**
     * Enforces the limit of the connection's state (see the class comment), then runs again at that limit, or
     * after the read timeout at the latest: a limit that begins later (a head starting) is never missed.
     */
    private void checkTimeouts() {
        ChannelHandlerContext c = ctx;
        if (c == null || !c.channel().isActive() || closing) {
            return;
        }
        long now = System.nanoTime();
        Exchange e = current;
        long due;
        if (e == null) {
            due = headPending ? readSince + readNanos : idleSince + idleNanos;
        } else {
            due = e.readingRequest() ? readSince + readNanos : now + readNanos;
        }
        if (now - due >= 0) {
            if (e == null) {
                LOG.debug("client connection {} closed: {}", c.channel().remoteAddress(),
                        headPending ? "its request head did not arrive in time" : "idle");
                c.close();
            } else {
                e.requestTimedOut();
            }
            return;
        }
        c.executor().schedule(this::checkTimeouts, Math.min(due - now, readNanos), TimeUnit.NANOSECONDS);
    }
}
