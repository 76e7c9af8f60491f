package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.route.FailureKind;

/**
 * The start of a 2xx stream. The client response is committed only when the first body bytes arrive, within the
 * provider's first-byte timeout: a 200 whose body never starts (or ends at once, empty) is a failed attempt that
 * may be retried or fall back, since nothing has reached the client yet ({@link UpstreamAttempt}). From the first
 * bytes on, the stream belongs to the client and is relayed by {@link StreamRelay}; a break after that ends the
 * client's stream with an error event instead.
 */
final class FirstBytes {

    private FirstBytes() {
    }

    /** The error of a 2xx stream that never started, for the client if nothing else is tried. */
    static GatewayException noBody(RequestContext ctx, Route route, FailureKind kind) {
        String id = route.client().config().id();
        boolean timeout = kind == FailureKind.TIMEOUT;
        return new GatewayException(timeout ? Outcome.UPSTREAM_TIMEOUT : Outcome.UPSTREAM_5XX,
                new ApiError(timeout ? 504 : 502, "server_error", timeout ? "upstream_timeout" : "upstream_empty",
                        null, timeout ? "timeout_error" : "api_error", "The provider '" + id + "' answered "
                        + ctx.upstreamStatus + " but its stream " + (timeout ? "did not start within the first-byte"
                        + " timeout. Retry, or raise providers." + id + ".timeouts.first_byte."
                        : "ended before its first event. Retry.") + " Request id " + ctx.requestId + "."));
    }
}
