package dev.spendgate.server;

import dev.spendgate.flow.ProxyFlow;
import dev.spendgate.upstream.PipelineNames;
import dev.spendgate.upstream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The proxy listener on raw Netty: HTTP/1.1 with keep-alive and pipelining, one {@link ProxyFlow} exchange at a
 * time per connection (pipeline order in {@link PipelineNames}). Its event loops also run every upstream connection
 * (each opened on its client connection's loop), so a request never changes threads.
 */
public final class ProxyServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel listener;
    private final ChannelGroup connections = new DefaultChannelGroup("spendgate-clients",
            GlobalEventExecutor.INSTANCE);

    /**
     * Binds {@code host:port} (0: any free port) on the group's event loops, which it owns from here on.
     *
     * @throws CannotListenException when the address cannot be bound (the group is shut down)
     */
    public ProxyServer(String host, int port, Transport transport, EventLoopGroup group, ProxyFlow flow) {
        this.group = group;
        HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxInitialLineLength(8192)
                .setMaxHeaderSize(32 * 1024).setMaxChunkSize(64 * 1024);
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(PipelineNames.SERVER_CODEC, new HttpServerCodec(decoder))
                                .addLast(PipelineNames.EXPECT_CONTINUE, new HttpServerExpectContinueHandler())
                                .addLast(PipelineNames.CLIENT, flow.newConnection());
                    }
                })
                .bind(host, port)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new CannotListenException("proxy port (server.port; GATEWAY_PORT in the demo and the example config)",
                    host, port, bound.cause());
        }
        this.listener = bound.channel();
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops accepting connections (those open go on). */
    public void stopAccepting() {
        listener.close().syncUninterruptibly();
    }

    /** Stops accepting and closes every client connection (their exchanges end as cancelled). */
    public void closeConnections() {
        if (listener.isOpen()) {
            stopAccepting();
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Closes the connections, then stops the event loops (upstream connections close with them). */
    @Override
    public void close() {
        closeConnections();
        group.shutdownGracefully(0, Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
