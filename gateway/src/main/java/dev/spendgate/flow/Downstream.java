package dev.spendgate.flow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The {@code clientResponse} of one request: status and headers are gathered until the response is committed,
 * then the body goes out whole ({@link #sendFull}) or as a stream of chunks ({@link #startStream}, {@link #write},
 * {@link #end}). Writes use the channel's void promise (no allocation; a failed write closes the connection through
 * the pipeline). Used only on the client connection's event loop.
 *
 * <p>Ownership: every buffer handed to {@link #sendFull}, {@link #write} or {@link #end} belongs to the write from
 * then on; the encoder releases it, also when the connection is gone.
 */
final class Downstream {

    private final ChannelHandlerContext ctx;
    private static final DefaultHttpHeadersFactory RESPONSE_HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidation(false);

    private final ClientConnection conn;
    private final HttpVersion version;
    /** Whether the client wants the connection kept open (HTTP/1.1 default, or HTTP/1.0 with keep-alive). */
    private final boolean keepAlive;
    /**
     * Response headers. Names are not validated again: they are the gateway's constants or names the upstream
     * decoder validated; values still are (they may come from config or from a provider).
     */
    private final HttpHeaders headers = RESPONSE_HEADERS.newHeaders();
    private int status = 200;
    private boolean headSent;
    private boolean ended;
    private boolean close;

    Downstream(ChannelHandlerContext ctx, ClientConnection conn, HttpRequest request) {
        this.ctx = ctx;
        this.conn = conn;
        this.version = request.protocolVersion();
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    /** Sets a response header (replacing earlier values). */
    Downstream header(CharSequence name, Object value) {
        headers.set(name, value);
        return this;
    }

    /** Adds a response header value. */
    Downstream addHeader(CharSequence name, Object value) {
        headers.add(name, value);
        return this;
    }

    /** The headers gathered so far. */
    HttpHeaders headers() {
        return headers;
    }

    Downstream status(int code) {
        this.status = code;
        return this;
    }

    int status() {
        return status;
    }

    /** Whether the status line has gone out (the response can no longer change). */
    boolean hasSentHeaders() {
        return headSent;
    }

    /** Whether the whole response has been written. */
    boolean ended() {
        return ended;
    }

    /** Closes the client connection once this response is written ({@code Connection: close}). */
    void closeAfter() {
        close = true;
    }

    /** Connection headers of the response head: close when either side wants it, keep-alive for HTTP/1.0. */
    private void connectionHeaders() {
        if (!keepAlive || close) {
            close = true;
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Writes and flushes the response's last message; the connection closes after it when it must. */
    private void last(Object msg) {
        if (close) {
            ctx.writeAndFlush(msg).addListener(f -> conn.closeAfterResponse());
        } else {
            ctx.writeAndFlush(msg, ctx.voidPromise());
        }
    }

    /** Sends the whole response with {@code body} (owned by the write) and Content-Length. */
    void sendFull(ByteBuf body) {
        headers.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        connectionHeaders();
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status),
                body, headers, EmptyHttpHeaders.INSTANCE);
        headSent = true;
        ended = true;
        last(response);
    }

    /** Sends the whole response with {@code body}. */
    void sendBytes(byte[] body) {
        sendFull(Unpooled.wrappedBuffer(body));
    }

    /** Commits the status and headers of a streamed (chunked) response; the body follows with {@link #write}. */
    void startStream() {
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        if (version == HttpVersion.HTTP_1_0) {
            // No chunked encoding in HTTP/1.0: the body ends where the connection does.
            close = true;
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        } else {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        connectionHeaders();
        headSent = true;
        ctx.write(new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status), headers), ctx.voidPromise());
    }

    /** Writes a body chunk (not flushed: see {@link #flush}). Empty buffers are released, not written. */
    void write(ByteBuf chunk) {
        if (!chunk.isReadable()) {
            chunk.release();
            return;
        }
        ctx.write(new DefaultHttpContent(chunk), ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    /** Ends a streamed response with {@code tail} (may be empty) and flushes. */
    void end(ByteBuf tail) {
        ended = true;
        LastHttpContent last = tail.isReadable() ? new DefaultLastHttpContent(tail)
                : LastHttpContent.EMPTY_LAST_CONTENT;
        if (!tail.isReadable()) {
            tail.release();
        }
        last(last);
    }

    /** Whether the client keeps up (false: its socket buffer is full; stop reading upstream). */
    boolean writable() {
        return ctx.channel().isWritable();
    }

    /** Whether the client is still connected. */
    boolean active() {
        return ctx.channel().isActive();
    }

    /** Closes the client connection (a response that cannot be finished properly). */
    void abort() {
        ended = true;
        ctx.close();
    }

    /** Whether the connection closes after this response. */
    boolean closing() {
        return close;
    }

    io.netty.buffer.ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    EventLoop loop() {
        return ctx.channel().eventLoop();
    }
}
