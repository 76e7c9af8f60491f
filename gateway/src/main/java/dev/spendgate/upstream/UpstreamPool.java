package dev.spendgate.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The keep-alive connections to one provider, kept per event loop: a request takes a connection of its client
 * connection's own loop (no thread hop, no lock), the most recently used first. At most {@code maxConnections}
 * are open across all loops; a request over the limit waits (up to {@code pendingTimeout}) for one to be
 * released on its loop or for a slot to free up. Idle connections are closed after {@code maxIdle}, and every
 * connection after {@code maxLife}, checked when one is taken and by a sweep while any is idle.
 */
final class UpstreamPool {

    /** Per-loop state, touched only by that loop. */
    final class LoopPool {
        final EventLoop loop;
        final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
        final ArrayDeque<UpstreamCall> waiting = new ArrayDeque<>();
        boolean sweeping;

        LoopPool(EventLoop loop) {
            this.loop = loop;
        }
    }

    private final String host;
    private final int port;
    private final @Nullable SslContext ssl;
    private final Bootstrap prototype;
    private final int maxConnections;
    private final long maxIdleNanos;
    private final long maxLifeNanos;
    private final long pendingTimeoutNanos;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger waitingTotal = new AtomicInteger();
    private final Map<EventLoop, LoopPool> loops = new ConcurrentHashMap<>();
    private volatile boolean closed;

    UpstreamPool(String host, int port, @Nullable SslContext ssl, Transport transport,
            AddressResolverGroup<? extends SocketAddress> resolver, int maxConnections, Duration connectTimeout,
            Duration maxIdle, Duration maxLife) {
        this.host = host;
        this.port = port;
        this.ssl = ssl;
        this.maxConnections = maxConnections;
        this.maxIdleNanos = maxIdle.toNanos();
        this.maxLifeNanos = maxLife.toNanos();
        this.pendingTimeoutNanos = connectTimeout.plusSeconds(5).toNanos();
        this.prototype = new Bootstrap()
                .channel(transport.socketChannel())
                .resolver(resolver)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        connectTimeout.toMillis()));
    }

    /** Hands {@code call} a connection of {@code loop}: an idle one unless {@code fresh}, else a new one. */
    void acquire(EventLoop loop, UpstreamCall call, boolean fresh) {
        LoopPool home = loops.get(loop);
        if (home == null) {
            home = loops.computeIfAbsent(loop, LoopPool::new);
        }
        if (closed) {
            call.acquireFailed(new ConnectException("the provider's connection pool is closed (config reloaded)"));
            return;
        }
        if (!fresh) {
            long now = System.nanoTime();
            UpstreamConnection c;
            while ((c = home.idle.pollFirst()) != null) {
                if (c.reusable(now, maxIdleNanos, maxLifeNanos)) {
                    call.acquired(c, true);
                    return;
                }
                c.close();
            }
        }
        if (open.incrementAndGet() <= maxConnections) {
            connect(home, call);
            return;
        }
        open.decrementAndGet();
        home.waiting.addLast(call);
        waitingTotal.incrementAndGet();
        LoopPool h = home;
        loop.schedule(() -> {
            if (h.waiting.remove(call)) {
                waitingTotal.decrementAndGet();
                call.acquireFailed(new ConnectException("no connection to the provider was free within "
                        + TimeUnit.NANOSECONDS.toMillis(pendingTimeoutNanos) + " ms (max_connections "
                        + maxConnections + ")"));
            }
        }, pendingTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void connect(LoopPool home, UpstreamCall call) {
        UpstreamConnection conn = new UpstreamConnection(this, home, System.nanoTime());
        ChannelFuture f = prototype.clone(home.loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (ssl != null) {
                    ch.pipeline().addLast(PipelineNames.TLS, ssl.newHandler(ch.alloc(), host, port));
                }
                ch.pipeline().addLast(PipelineNames.CODEC, new HttpClientCodec(4096, 64 * 1024, 64 * 1024))
                        .addLast(PipelineNames.DECOMPRESSOR, new HttpContentDecompressor(0))
                        .addLast(PipelineNames.CALL, conn);
            }
        }).connect(InetSocketAddress.createUnresolved(host, port));
        f.addListener(done -> {
            if (done.isSuccess()) {
                call.acquired(conn, false);
            } else {
                // No channelInactive follows a failed connect: the slot is freed here.
                freeSlot();
                call.acquireFailed(done.cause());
            }
        });
    }

    /** Takes back a connection whose exchange ended cleanly (on its loop). */
    void release(UpstreamConnection conn) {
        LoopPool home = conn.home();
        long now = System.nanoTime();
        conn.bind(null);
        conn.idleSince(now);
        UpstreamCall waiter = home.waiting.pollFirst();
        if (waiter != null && !closed) {
            waitingTotal.decrementAndGet();
            waiter.acquired(conn, true);
            return;
        }
        if (closed || !conn.reusable(now, maxIdleNanos, maxLifeNanos)) {
            conn.close();
            return;
        }
        home.idle.addFirst(conn);
        if (!home.sweeping) {
            home.sweeping = true;
            home.loop.schedule(() -> sweep(home), Math.max(1, maxIdleNanos / 2), TimeUnit.NANOSECONDS);
        }
    }

    /** A connection closed (on its loop): it leaves the pool and frees its slot. */
    void closed(UpstreamConnection conn) {
        conn.home().idle.remove(conn);
        freeSlot();
    }

    private void freeSlot() {
        open.decrementAndGet();
        if (waitingTotal.get() > 0) {
            for (LoopPool p : loops.values()) {
                p.loop.execute(() -> serveWaiter(p));
            }
        }
    }

    /** Connects for the first waiter of {@code home} if a slot is free. */
    private void serveWaiter(LoopPool home) {
        if (home.waiting.isEmpty() || closed) {
            return;
        }
        if (open.incrementAndGet() <= maxConnections) {
            UpstreamCall next = home.waiting.pollFirst();
            waitingTotal.decrementAndGet();
            connect(home, next);
        } else {
            open.decrementAndGet();
        }
    }

    private void sweep(LoopPool home) {
        long now = System.nanoTime();
        home.idle.removeIf(c -> {
            if (!c.reusable(now, maxIdleNanos, maxLifeNanos)) {
                c.close();
                return true;
            }
            return false;
        });
        if (home.idle.isEmpty()) {
            home.sweeping = false;
        } else {
            home.loop.schedule(() -> sweep(home), Math.max(1, maxIdleNanos / 2), TimeUnit.NANOSECONDS);
        }
    }

    /** Connections open now (idle and busy, all loops). */
    int open() {
        return open.get();
    }

    /** Closes the idle connections now and every busy one when its exchange ends. */
    void close() {
        closed = true;
        for (LoopPool p : loops.values()) {
            if (p.loop.isShuttingDown()) {
                continue;
            }
            p.loop.execute(() -> {
                UpstreamConnection c;
                while ((c = p.idle.pollFirst()) != null) {
                    c.close();
                }
                UpstreamCall w;
                while ((w = p.waiting.pollFirst()) != null) {
                    waitingTotal.decrementAndGet();
                    w.acquireFailed(new ConnectException("the provider's connection pool is closed"));
                }
            });
        }
    }
}
