package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.attribution.InvalidAttributionException;
import dev.spendgate.guard.GuardRejection;
import dev.spendgate.inspect.InvalidRequestException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.spendgate.upstream.UpstreamClosedException;
import dev.spendgate.upstream.UpstreamProtocolException;
import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * The one place where exceptions become outcomes and client-facing errors (STYLE 19). Messages name the
 * problem and the fix and never carry secrets (keys are only in headers, which are never echoed).
 */
final class ErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static GatewayException map(Throwable e, RequestContext ctx) {
        if (e instanceof GatewayException g) {
            return g;
        }
        if (e instanceof InvalidAttributionException a) {
            return new GatewayException(Outcome.CLIENT_BAD_ATTRIBUTION,
                    ApiError.invalidRequest("invalid_attribution_header", a.header(), a.getMessage()));
        }
        if (e instanceof InvalidRequestException r) {
            return new GatewayException(Outcome.CLIENT_BAD_REQUEST,
                    ApiError.invalidRequest("invalid_request", r.param(), r.getMessage()));
        }
        if (e instanceof GuardRejection g) {
            return guard(g);
        }
        String provider = ctx.provider == null ? "the provider" : "provider '" + ctx.provider + "'";
        if (e instanceof UpstreamProtocolException p) {
            // The provider (or something between it and the gateway) broke HTTP: its failure, like a 5xx.
            LOG.debug("{} invalid response from {}", ctx.requestId, provider, p.getCause());
            return new GatewayException(Outcome.UPSTREAM_5XX, new ApiError(502, "server_error",
                    "upstream_bad_response", null, "api_error", "The gateway received an invalid HTTP response from "
                    + provider + " (" + p.getMessage() + "). Retry; if it persists, the provider or a proxy in"
                    + " front of it is at fault. Request id " + ctx.requestId + "."));
        }
        if (e instanceof UpstreamClosedException c && c.responseStarted()) {
            // The provider was reached and had answered: not a base_url problem.
            LOG.debug("{} {} closed the connection mid-response: {}", ctx.requestId, provider,
                    describe(c.getCause() == null ? c : c.getCause()));
            return new GatewayException(Outcome.UPSTREAM_5XX, new ApiError(502, "server_error",
                    "upstream_closed", null, "api_error", "The provider closed the connection mid-response ("
                    + provider + " sent its response head, then the connection ended before the body did). Retry."
                    + " Request id " + ctx.requestId + "."));
        }
        if (isTimeout(e)) {
            return new GatewayException(Outcome.UPSTREAM_TIMEOUT, new ApiError(504, "server_error",
                    "upstream_timeout", null, "timeout_error", "The request to " + provider
                    + " timed out (" + describe(e) + "). Retry later, or raise providers." + ctx.provider
                    + ".timeouts in the gateway config."));
        }
        if (isConnectError(e)) {
            // The exception's own message names the provider's address: that is for the log, not the client.
            LOG.debug("{} cannot reach {}: {}", ctx.requestId, provider, describe(e));
            return new GatewayException(Outcome.UPSTREAM_CONNECT_ERROR, new ApiError(502, "server_error",
                    "upstream_unreachable", null, "api_error", "The gateway could not reach " + provider
                    + " (" + e.getClass().getSimpleName() + "). Check providers." + ctx.provider
                    + ".base_url in the gateway config and that the provider is up."));
        }
        LOG.warn("{} internal error", ctx.requestId, e);
        return new GatewayException(Outcome.INTERNAL, new ApiError(500, "server_error", "internal_error", null,
                "api_error", "The gateway failed to handle the request (request id " + ctx.requestId
                + "). This is a gateway bug; the request id finds it in the gateway log."));
    }

    /** A guard's refusal in the API's error vocabulary (SDKs raise their 401/403/413/429 exception types). */
    static GatewayException guard(GuardRejection g) {
        Outcome outcome = switch (g.status()) {
            case 401 -> Outcome.GUARD_UNAUTHORIZED;
            case 403 -> Outcome.GUARD_FORBIDDEN;
            case 413 -> Outcome.GUARD_INPUT_TOO_LARGE;
            case 429 -> g.code().equals(GuardRejection.RATE_LIMITED) ? Outcome.GUARD_RATE_LIMITED
                    : Outcome.GUARD_BUDGET_EXCEEDED;
            case 503 -> Outcome.GUARD_STATE_UNAVAILABLE;
            default -> g.code().equals(GuardRejection.MISSING_ATTRIBUTION) ? Outcome.CLIENT_MISSING_ATTRIBUTION
                    : Outcome.CLIENT_BAD_REQUEST;
        };
        String openAiType = switch (g.status()) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> g.code().equals(GuardRejection.RATE_LIMITED) ? "rate_limit_error" : "budget_exceeded";
            case 503 -> "server_error";
            default -> "invalid_request_error";
        };
        String anthropicType = switch (g.status()) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503 -> "overloaded_error";
            default -> "invalid_request_error";
        };
        return new GatewayException(outcome, new ApiError(g.status(), openAiType, g.code(), null, anthropicType,
                g.getMessage()), g.headers());
    }

    static boolean isTimeout(Throwable e) {
        return e instanceof ReadTimeoutException || e instanceof TimeoutException
                || e.getCause() instanceof ReadTimeoutException;
    }

    private static boolean isConnectError(Throwable e) {
        return e instanceof ConnectException || e instanceof ConnectTimeoutException
                || e instanceof UnknownHostException
                || e instanceof UpstreamClosedException || e instanceof ClosedChannelException
                || e instanceof SSLException || e instanceof IOException
                || e.getCause() instanceof ConnectException || e.getCause() instanceof UnknownHostException;
    }

    private static String describe(Throwable e) {
        @Nullable String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return m == null || m.isBlank() ? kind : kind + ": " + m;
    }
}
