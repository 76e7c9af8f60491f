package dev.spendgate.flow;

import dev.spendgate.route.FailureClassifier;
import dev.spendgate.route.FailureKind;
import dev.spendgate.upstream.UpstreamHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A provider's error response (4xx/5xx) on a metered endpoint. It is read whole (error bodies are small; the cap
 * is {@code server.max_response_bytes}) so that it can be classified: a 429, a 5xx, Anthropic's 529
 * {@code overloaded_error} or a context-length 400 may be retried or fall back; any other error, or one nothing
 * else can be tried for, is passed on to the client as the provider sent it (translated when the client speaks the
 * other API format).
 */
final class ProviderError {

    private ProviderError() {
    }

    /** The error of an error response over the cap. */
    static GatewayException tooLarge(RequestContext ctx) {
        return new GatewayException(Outcome.UPSTREAM_5XX, new dev.spendgate.api.ApiError(502, "server_error",
                "upstream_bad_response", null, "api_error", "The provider's error response is larger than"
                + " server.max_response_bytes. Request id " + ctx.requestId + "."));
    }

    /** Holds the error back when the caller tries again for its kind; otherwise passes it on. */
    static AttemptResult decide(RequestContext ctx, AttemptResult.ErrorReply reply, Route route, Downstream res,
            Predicate<FailureKind> tryAgain) {
        FailureKind kind = FailureClassifier.classify(reply.status(), reply.body());
        ctx.status = reply.status();
        ctx.outcome = reply.status() >= 500 ? Outcome.UPSTREAM_5XX : Outcome.UPSTREAM_4XX;
        if (kind != null && tryAgain.test(kind)) {
            return new AttemptResult.Failed(kind, reply.status(), retryAfter(reply.headers()), reply, null);
        }
        return send(ctx, reply, route, res);
    }

    /** Passes a provider error on to the client (translated for a cross-format client). */
    static AttemptResult send(RequestContext ctx, AttemptResult.ErrorReply reply, Route route, Downstream res) {
        byte[] body = route.translation() == null ? reply.body() : route.translation().error(reply.body(),
                reply.status());
        UpstreamHeaders.copyResponse(reply.headers(), res.headers());
        if (route.translation() != null) {
            // The translated body is JSON whatever the provider sent (an HTML error page, say).
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        }
        UpstreamExchange.commitStatus(ctx, res, reply.status(), route);
        res.sendBytes(body);
        return AttemptResult.COMMITTED;
    }

    /**
     * The provider's requested wait: {@code retry-after-ms} (OpenAI) or {@code Retry-After} in seconds or as an
     * HTTP date (RFC 9110 section 10.2.3); null when absent or unreadable.
     */
    static @Nullable Duration retryAfter(HttpHeaders headers) {
        return dev.spendgate.route.Backoff.retryAfter(headers.get("retry-after-ms"),
                headers.get(HttpHeaderNames.RETRY_AFTER), java.time.Clock.systemUTC());
    }
}
