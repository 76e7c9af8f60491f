package dev.spendgate.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive connection to a provider, and the last handler of its pipeline: it hands what the codec decodes
 * to the call it serves (one at a time), or drops and closes on anything unsolicited. Touched only by its event
 * loop.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private final UpstreamPool pool;
    private final UpstreamPool.LoopPool home;
    private final long createdAt;
    private @Nullable Channel channel;
    private @Nullable UpstreamCall call;
    private long idleSince;
    private boolean closed;

    UpstreamConnection(UpstreamPool pool, UpstreamPool.LoopPool home, long createdAt) {
        this.pool = pool;
        this.home = home;
        this.createdAt = createdAt;
    }

    Channel channel() {
        return java.util.Objects.requireNonNull(channel, "not registered");
    }

    UpstreamPool.LoopPool home() {
        return home;
    }

    /** Serves {@code next} from now on (null: idle). */
    void bind(@Nullable UpstreamCall next) {
        this.call = next;
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    /** Whether the connection may carry another request at {@code now}. */
    boolean reusable(long now, long maxIdleNanos, long maxLifeNanos) {
        return !closed && channel != null && channel.isActive() && now - idleSince < maxIdleNanos
                && now - createdAt < maxLifeNanos;
    }

    /** Closes the connection; its call, if any, hears nothing more. */
    void close() {
        call = null;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamCall c = call;
        if (c == null) {
            // Bytes on an idle connection are not an answer to anything: the connection cannot be trusted.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        c.onMessage(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamCall c = call;
        if (c != null) {
            c.onReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        pool.closed(this);
        UpstreamCall c = call;
        call = null;
        if (c != null) {
            c.onClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamCall c = call;
        call = null;
        ctx.close();
        if (c != null) {
            c.onFailure(cause);
        }
    }
}
