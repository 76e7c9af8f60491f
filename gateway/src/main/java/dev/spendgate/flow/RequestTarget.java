package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.api.ApiFormat;
import dev.spendgate.api.Endpoint;
import dev.spendgate.inspect.RequestPaths;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** What a request head names: its endpoint and API format, and the errors of a path or body the gateway refuses. */
final class RequestTarget {

    private RequestTarget() {
    }

    /**
     * The endpoint of a routable request, or null for a path the gateway refuses or does not serve. The path is
     * classified {@link RequestPaths#normalized}, as it is forwarded ({@link UpstreamAttempt}): an encoded
     * {@code /v1/%6Dessages} is the {@code /v1/messages} a provider decodes it to, and is metered as such.
     */
    static @Nullable Endpoint endpointOf(HttpRequest req) {
        String raw = pathOf(req.uri());
        if (RequestPaths.problem(raw) != null) {
            return null;
        }
        String path = RequestPaths.normalized(raw);
        if (req.method() == HttpMethod.POST) {
            Endpoint e = Endpoint.ofPath(path);
            if (e != null) {
                return e;
            }
        }
        return path.startsWith("/v1/") ? Endpoint.OTHER : null;
    }

    static ApiFormat formatOf(HttpRequest req, Endpoint endpoint) {
        if (endpoint != Endpoint.OTHER) {
            return endpoint.format();
        }
        boolean anthropic = req.headers().contains("anthropic-version") || req.headers().contains("x-api-key");
        return anthropic ? ApiFormat.ANTHROPIC : ApiFormat.OPENAI;
    }

    static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** An unroutable path is refused, but still recorded under the caller's attribution when it is valid. */
    static void tryAttribution(FlowSnapshot s, RequestContext ctx, HttpHeaders headers) {
        try {
            ctx.attribution = s.attribution.parse(headers::getAll);
        } catch (RuntimeException e) {
            // the path is the error to report; a bad header as well changes nothing
        }
    }

    static GatewayException unroutable(HttpRequest req) {
        String path = pathOf(req.uri());
        String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        String problem = RequestPaths.problem(path);
        if (problem != null) {
            return new GatewayException(Outcome.CLIENT_BAD_REQUEST, ApiError.invalidRequest("invalid_path", null,
                    "The path " + shown + " is refused: " + problem + "."));
        }
        return new GatewayException(Outcome.NOT_FOUND, new ApiError(404, "invalid_request_error", "unknown_url",
                null, "not_found_error", "Unknown path " + req.method().name() + " " + shown
                + ". The gateway proxies /v1/... paths (point your SDK's base URL at the gateway)."));
    }

    static GatewayException tooLarge(long maxBodyBytes) {
        return new GatewayException(Outcome.CLIENT_BODY_TOO_LARGE, new ApiError(413, "invalid_request_error",
                "request_too_large", null, "request_too_large", "The request body is larger than the gateway's limit"
                + " of " + maxBodyBytes + " bytes. Send a smaller request, or raise server.max_body_bytes."));
    }

    /** A metered request whose body is compressed: the gateway must read it to meter and guard it. */
    static GatewayException encodedBody(String encoding) {
        String shown = encoding.substring(0, Math.min(encoding.length(), 40));
        return new GatewayException(Outcome.CLIENT_BAD_REQUEST, new ApiError(415, "invalid_request_error",
                "unsupported_content_encoding", null, "invalid_request_error", "The request body is sent with"
                + " Content-Encoding '" + shown + "', but the gateway reads request bodies to meter and guard them."
                + " Send the JSON body uncompressed (no Content-Encoding header)."));
    }

    static GatewayException timedOut(Duration readTimeout) {
        return new GatewayException(Outcome.CLIENT_TIMEOUT, new ApiError(408, "invalid_request_error",
                "request_timeout", null, "invalid_request_error", "The request body stopped arriving: nothing came for "
                + readTimeout.toMillis() + " ms (server.request_read_timeout). Send the whole body, as announced."));
    }

    static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
