package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.api.ApiFormat;
import dev.spendgate.api.Endpoint;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * A request head the HTTP decoder could not read (malformed, a line or headers over the limits): answered with
 * 400, 414 or 431 in the error format of the API the path names (as far as it was read; OpenAI's otherwise), and
 * the connection closes (the decoder has lost the framing).
 * Nothing reached a provider and no attribution could be read, so the request is not recorded.
 */
final class BadHead {

    private BadHead() {
    }

    static void answer(Downstream res, HttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpHeaderException ? 431
                : cause instanceof TooLongHttpLineException ? 414 : 400;
        String what = status == 431 ? "The request headers are larger than the gateway's limit (32 KB)."
                : status == 414 ? "The request line (method and path) is too long."
                : "The request could not be read as HTTP/1.1"
                        + (cause == null || cause instanceof TooLongFrameException ? "." : " (" + cause.getMessage()
                        + ").");
        byte[] body = new ApiError(status, "invalid_request_error", "bad_http_request", null,
                "invalid_request_error", what + " Fix the request.").body(formatOf(request));
        res.closeAfter();
        res.status(status).header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendBytes(body);
    }

    /** Anthropic's for a path of its API or a head that carries its version header; OpenAI's otherwise. */
    private static ApiFormat formatOf(HttpRequest request) {
        Endpoint endpoint = Endpoint.ofPath(RequestTarget.pathOf(request.uri()));
        return endpoint != null ? endpoint.format() : RequestTarget.formatOf(request, Endpoint.OTHER);
    }
}
