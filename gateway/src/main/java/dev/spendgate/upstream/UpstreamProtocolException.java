package dev.spendgate.upstream;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import org.jspecify.annotations.Nullable;

/**
 * The provider's response broke HTTP/1.1 (RFC 9112) and could not be decoded: a status line or header that does
 * not parse (a control character or NUL in a value, an empty name), conflicting framing (Content-Length with
 * Transfer-Encoding: chunked, two different Content-Length values), a malformed chunk, a head over the size
 * limit, or a body that does not decode as its Content-Encoding says. The provider failed, not the gateway: its
 * connection is closed and never reused.
 */
public final class UpstreamProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    /** Bound on the decoder's message quoted to the client (it may echo a long header line). */
    private static final int MAX_DETAIL = 200;

    private UpstreamProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Wraps what the HTTP codec or the decompressor reported. */
    static UpstreamProtocolException of(@Nullable Throwable decoderFailure) {
        Throwable cause = decoderFailure == null ? new DecoderException("unknown decoder failure") : decoderFailure;
        return new UpstreamProtocolException(describe(cause), cause);
    }

    /** What was wrong, in a few words, e.g. {@code the body does not decode as gzip (...)}. */
    private static String describe(Throwable cause) {
        // The codec wraps the real reason (IllegalArgumentException, NumberFormatException) in DecoderException.
        Throwable root = cause;
        while (root instanceof DecoderException && !(root instanceof TooLongFrameException)
                && !(root instanceof DecompressionException) && root.getCause() != null) {
            root = root.getCause();
        }
        String what = root instanceof DecompressionException ? "the body does not decode as its Content-Encoding says"
                : root instanceof TooLongFrameException ? "the response head is over the gateway's size limit"
                : "the status line, headers or framing do not parse";
        @Nullable String m = root.getMessage();
        if (m == null || m.isBlank()) {
            return what;
        }
        String detail = m.length() > MAX_DETAIL ? m.substring(0, MAX_DETAIL) + "..." : m;
        return what + ": " + printable(detail);
    }

    /** The detail with control characters shown as {@code \xNN}: it goes into a JSON message and a log line. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
