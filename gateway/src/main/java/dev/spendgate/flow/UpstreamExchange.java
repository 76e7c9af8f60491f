package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.attribution.AttributionParser;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.ProviderConfig;
import dev.spendgate.route.FailureKind;
import dev.spendgate.stream.StreamUsage;
import dev.spendgate.upstream.HeaderNames;
import dev.spendgate.upstream.UpstreamHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.util.function.Predicate;

/**
 * Starts upstream attempts ({@link UpstreamAttempt}) and holds what they share: the attribution headers never
 * forwarded, metering, the response-size cap, and the commit of the {@code clientResponse}.
 *
 * <ul>
 *   <li>Unmetered paths pass through as they are.</li>
 *   <li>A provider error (4xx/5xx) is read whole (it is small) and classified ({@link ProviderError}); a failure
 *       the caller retries or falls back on is held back, any other is passed on.</li>
 *   <li>A 2xx JSON body is collected, metered and sent with {@code X-LLM-Cost-USD}.</li>
 *   <li>A 2xx {@code text/event-stream} is committed only once its first bytes arrive: a 200 whose body never
 *       starts is a first-byte timeout and can fall back. It is then relayed event by event ({@link StreamRelay}).
 *   </li>
 * </ul>
 * Timeouts (enforced by the upstream call): connect, first byte (until the head, then until the first body bytes
 * of a 2xx), idle between reads, and the total (the provider's, or the request's deadline over all attempts).
 */
final class UpstreamExchange {

    private final HeaderNames strippedHeaders;
    private final Metering metering;
    private final long maxResponseBytes;

    UpstreamExchange(GatewayConfig config, AttributionParser attribution, Metering metering, long maxResponseBytes) {
        String[] names = new String[Dimension.values().length];
        for (Dimension d : Dimension.values()) {
            names[d.ordinal()] = attribution.headerName(d);
        }
        this.strippedHeaders = HeaderNames.of(names);
        this.metering = metering;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** A single attempt whose failures are all passed on (passthrough paths). */
    void exchange(Exchange ex, Route route, AttemptCallback callback) {
        long deadline = System.nanoTime() + route.client().config().timeouts().total().toNanos();
        attempt(ex, route, deadline, kind -> false, callback);
    }

    /**
     * Sends one attempt (on the client connection's event loop; called from elsewhere, it hops there).
     *
     * @param deadline System.nanoTime() past which the exchange is over (the request's or the provider's total)
     * @param tryAgain whether the caller would retry or fall back on a failure of this kind; if not, the failure
     *                 is passed on to the client and the result is {@link AttemptResult#COMMITTED}
     */
    void attempt(Exchange ex, Route route, long deadline, Predicate<FailureKind> tryAgain,
            AttemptCallback callback) {
        UpstreamAttempt attempt = new UpstreamAttempt(this, ex, route, deadline, tryAgain, callback);
        ex.onLoop(attempt::start);
    }

    HeaderNames strippedHeaders() {
        return strippedHeaders;
    }

    /**
     * Commits the client response to this attempt: status, the provider's headers and the gateway's. Called once
     * per request, just before the first write.
     */
    static void commit(RequestContext ctx, HttpResponse upstreamResponse, Downstream res, Route route) {
        UpstreamHeaders.copyResponse(upstreamResponse.headers(), res.headers());
        commitStatus(ctx, res, upstreamResponse.status().code(), route);
    }

    /** Status and the gateway's headers of the attempt that answers the client. */
    static void commitStatus(RequestContext ctx, Downstream res, int status, Route route) {
        ctx.status = status;
        res.status(status).header(Headers.PROVIDER, route.client().config().id());
        if (ctx.model != null) {
            res.header(Headers.MODEL, ctx.model.alias());
        }
        if (ctx.fallbackReason != null) {
            res.header(Headers.FALLBACK, ctx.fallbackReason);
        }
        if (ctx.attempts > 1) {
            res.header(Headers.ATTEMPTS, Integer.toString(ctx.attempts));
        }
        if (status >= 400) {
            ctx.outcome = status >= 500 ? Outcome.UPSTREAM_5XX : Outcome.UPSTREAM_4XX;
        }
    }

    Metering metering() {
        return metering;
    }

    long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** Meters what a request spent if the response path could not (streams, cancels, cuts). */
    void settle(RequestContext ctx) {
        StreamRelay relay = ctx.relay;
        if (relay != null) {
            metering.meterStream(ctx, relay.result(), ctx.outcome != Outcome.SUCCESS);
        } else if (ctx.usage == null && ctx.endpoint.metered() && mayHaveSpent(ctx)) {
            metering.meterStream(ctx, new StreamUsage(null, null, "", false, null), true);
        }
    }

    /**
     * Whether the provider may have billed a request that has no usage: it answered 2xx (and the body could not
     * be metered), or it was working on it when the client, a timeout or shutdown ended the exchange.
     */
    static boolean mayHaveSpent(RequestContext ctx) {
        if (ctx.betweenAttempts) {
            // The last attempt failed unpaid and the next was not sent yet (e.g. the client left during a wait).
            return false;
        }
        if (ctx.upstreamStatus >= 200 && ctx.upstreamStatus < 300) {
            return true;
        }
        return ctx.upstreamStatus == 0 && ctx.reached(Stage.ROUTED) && (ctx.outcome == Outcome.CLIENT_CANCELLED
                || ctx.outcome == Outcome.UPSTREAM_TIMEOUT || ctx.outcome == Outcome.SHUTTING_DOWN);
    }

    static GatewayException totalTimeout(ProviderConfig provider, boolean requestDeadline) {
        String limit = requestDeadline ? "the request's deadline (routing.retry.deadline, over all attempts)"
                : "the total timeout of " + provider.timeouts().total().toMillis() + " ms (providers." + provider.id()
                + ".timeouts.total)";
        return new GatewayException(Outcome.UPSTREAM_TIMEOUT, new ApiError(504, "server_error", "upstream_timeout",
                null, "timeout_error", "The provider '" + provider.id() + "' did not finish within " + limit
                + ". Raise that setting, or retry."));
    }

    GatewayException tooLarge(RequestContext ctx) {
        return new GatewayException(Outcome.INTERNAL, new ApiError(502, "server_error", "response_too_large", null,
                "api_error", "The provider's response is larger than server.max_response_bytes (" + maxResponseBytes
                + " bytes), so the gateway could not meter it. Raise that limit. Request id " + ctx.requestId + "."));
    }
}
