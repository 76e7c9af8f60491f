package dev.spendgate.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Receives one upstream exchange's response, on the event loop of the connection (the client connection's loop).
 * Calls come in this order: {@link #onHead}, any number of {@link #onBody} (each batch of socket reads followed by
 * {@link #onReadComplete}), then exactly one of {@link #onEnd} or {@link #onError}. {@code onError} may also come
 * first (connect failure, timeout before the head). After {@code onEnd} or {@code onError} nothing follows.
 */
public interface UpstreamListener {

    /** The status line and headers (informational 1xx responses are skipped). */
    void onHead(HttpResponse head);

    /** A piece of the body. The listener owns {@code chunk} and must release it or hand it on. */
    void onBody(ByteBuf chunk);

    /** A batch of reads has been delivered: the moment to flush what was written to the client. */
    void onReadComplete();

    /** The body ended; the connection is back in its pool. */
    void onEnd();

    /**
     * The exchange failed: {@link UpstreamTimeoutException}, {@link UpstreamClosedException} (any I/O failure
     * after the head is reported as one), {@link UpstreamProtocolException} (the response could not be decoded),
     * or a connect or I/O error before the head. The connection is closed.
     */
    void onError(Throwable cause);
}
