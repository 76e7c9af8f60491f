package dev.spendgate.flow;

import dev.spendgate.api.Endpoint;
import dev.spendgate.attribution.AttributionParser;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.GuardrailsConfig;
import dev.spendgate.config.KeyConfig;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.guard.Amount;
import dev.spendgate.guard.BudgetDecision;
import dev.spendgate.guard.BudgetGuard;
import dev.spendgate.guard.CapDecision;
import dev.spendgate.guard.CapGuard;
import dev.spendgate.guard.GuardEvent;
import dev.spendgate.guard.GuardRejection;
import dev.spendgate.guard.GuardRequest;
import dev.spendgate.guard.GuardState;
import dev.spendgate.guard.KeyAuthenticator;
import dev.spendgate.guard.KeyResult;
import dev.spendgate.guard.RateCheck;
import dev.spendgate.guard.RateLimiter;
import dev.spendgate.guard.RequiredAttribution;
import dev.spendgate.metering.TokenEstimator;
import dev.spendgate.upstream.UpstreamHeaders;
import dev.spendgate.metering.UsageSource;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;

/**
 * The guardrail stage of the flow, in the order the checks run:
 * <ol>
 *   <li>{@link #admit}: gateway key (401), attribution narrowed by the key (403 on conflict), required
 *       attribution (400) - before the body is read;</li>
 *   <li>{@link #apply}: the key's model allowlist (403), per-request caps (413 / route to a larger model / clamp
 *       the output cap), budgets (429 / downgrade / clamp / warn, reserving the worst case), rate limits last
 *       (429), since an admitted request counts against them at once;</li>
 *   <li>{@link #settle}: when the request ends, budget reservations become the actual spend (or are released)
 *       and real tokens count against token-per-minute limits.</li>
 * </ol>
 */
final class GuardStage {

    private static final String WARNING_HEADER = "X-LLM-Budget-Warning";
    /** Added (with 25%) to the local input count for reservations: message framing and tokenizer differences. */
    private static final long INPUT_MARGIN_TOKENS = 32;

    private final GuardrailsConfig config;
    private final Map<String, ModelConfig> models;
    private final KeyAuthenticator keys;
    private final CapGuard caps;
    private final RateLimiter rates;
    private final BudgetGuard budgets;
    private final TokenEstimator estimator;
    private final AttributionParser attribution;

    GuardStage(GatewayConfig gateway, AttributionParser attribution, GuardState state, TokenEstimator estimator) {
        this.config = gateway.guardrails();
        this.models = gateway.models();
        this.attribution = attribution;
        this.keys = new KeyAuthenticator(config.keys(), attribution::headerName);
        this.caps = new CapGuard(config.caps());
        this.rates = state.rateLimiter(config.rateLimits());
        this.budgets = state.budgetGuard(config.budgets(), gateway);
        this.estimator = estimator;
    }

    /** Key, narrowing and required attribution: everything that needs only the headers. */
    void admit(RequestContext ctx, HttpHeaders headers) {
        if (keys.enabled()) {
            KeyResult k = keys.authenticate(headers.get(HttpHeaderNames.AUTHORIZATION), headers.get("x-api-key"),
                    headers.get("api-key"));
            ctx.key = k.key();
            ctx.keyName = k.name();
            ctx.keyHeaders = UpstreamHeaders.carrying(headers, k.header());
            ctx.attribution = keys.narrow(k.key(), ctx.attribution);
        }
        RequiredAttribution.check(config.require(), ctx.attribution, attribution::headerName);
        if (ctx.key != null) {
            RequiredAttribution.check(ctx.key.require(), ctx.attribution, attribution::headerName);
        }
    }

    /**
     * Unmetered paths other than reads and count_tokens (batches, files, images, audio...) would spend outside
     * every budget and key allowlist: with keys or budgets configured they are refused.
     */
    void passthrough(RequestContext ctx, io.netty.handler.codec.http.HttpMethod method) {
        boolean read = method == io.netty.handler.codec.http.HttpMethod.GET
                || method == io.netty.handler.codec.http.HttpMethod.HEAD;
        if (!read && ctx.endpoint != Endpoint.COUNT_TOKENS && (keys.enabled() || budgets.active())) {
            throw new GuardRejection(403, "unmetered_endpoint", "This endpoint is not metered by the gateway,"
                    + " so it is refused while budgets or gateway keys are configured. Metered endpoints:"
                    + " /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/responses, /v1/messages.");
        }
    }

    /** Caps, budgets and rate limits for a metered request; returns the plan to send. */
    Plan apply(RequestContext ctx, Plan plan, Downstream res) {
        KeyConfig key = ctx.key;
        String requested = requested(ctx, plan);
        if (key != null) {
            keys.checkModel(key, requested);
        }
        boolean capsOrBudgets = !config.caps().isEmpty() || budgets.active();
        if (!capsOrBudgets && config.rateLimits().isEmpty()) {
            return plan;
        }
        Plan guarded = caps(ctx, plan);
        guarded = budgets(ctx, requested, guarded, res);
        RateCheck rate = rates.check(ctx.attribution, ctx.keyName, requested);
        rate.shadowRefused().forEach(name -> ctx.guardrails.add("shadow_rate_limited:" + name));
        if (!rate.allowed()) {
            ctx.guardrails.add("rate_limited:" + rate.refusedBy());
            release(ctx);
            throw rate.rejection();
        }
        rate.headers().forEach(res::header);
        ctx.rateLease = rate.lease();
        return guarded;
    }

    /**
     * The caps, first with the request's cheap input bound
     * ({@link dev.spendgate.inspect.ClientRequest#inputTokenBound}); only a refusal or a route decided on the bound
     * is checked again with the tokenizer's count.
     */
    private Plan caps(RequestContext ctx, Plan plan) {
        if (config.caps().isEmpty()) {
            return plan;
        }
        CapDecision cap = cap(ctx, plan, plan.request().inputTokenBound());
        if (cap.refused() || cap.routeTo() != null) {
            cap = cap(ctx, plan, exactInput(ctx, plan));
        }
        if (cap.refused()) {
            throw cap.rejection();
        }
        Plan next = plan;
        if (cap.routeTo() != null) {
            next = next.withModel(models.get(cap.routeTo()));
            ctx.guardrails.add("route:" + cap.routedBy());
        }
        if (cap.clampOutputTo() != null) {
            next = next.withOutputCap(cap.clampOutputTo());
            ctx.guardrails.add("cap_output:" + cap.clampedBy());
        }
        return next;
    }

    private CapDecision cap(RequestContext ctx, Plan plan, long input) {
        return caps.apply(ctx.attribution, ctx.keyName, plan.model().alias(), input, plan.request().outputCap());
    }

    private long exactInput(RequestContext ctx, Plan plan) {
        return estimator.estimateInput(ctx.endpoint, plan.model().upstreamModel(), plan.request().json());
    }

    /**
     * The budgets, reserving a worst case from the request's cheap input bound: when that decision is clean (no
     * ladder step, nothing refused) it stands, as its reservation is only larger than needed until the request
     * settles. Otherwise the reservation is released and the budgets decide again on the tokenizer's count, so
     * a warning, downgrade, clamp or refusal is never caused by the bound's slack.
     */
    private Plan budgets(RequestContext ctx, String requested, Plan plan, Downstream res) {
        if (!budgets.active()) {
            return plan;
        }
        if (ctx.endpoint == Endpoint.RESPONSES && plan.request().background()) {
            throw new GuardRejection(400, "unmeterable_request", "Background responses ('background': true) are"
                    + " not supported while budgets are configured: their usage cannot be metered when they run."
                    + " Send the request without 'background'.");
        }
        Long requestCap = plan.outputCap() != null ? plan.outputCap() : plan.request().outputCap();
        boolean embeddings = ctx.endpoint == Endpoint.EMBEDDINGS;
        long cap = embeddings ? 0 : requestCap != null ? requestCap : config.defaultOutputCap();
        BudgetDecision d = evaluate(ctx, requested, plan, plan.request().inputTokenBound(), cap);
        if (!clean(d, plan)) {
            budgets.release(d.hold());
            d = evaluate(ctx, requested, plan, exactInput(ctx, plan), cap);
        }
        for (GuardEvent e : d.events()) {
            ctx.guardrails.add(e.toString());
        }
        if (d.blocked()) {
            throw new GuardRejection(429, "budget_exceeded", d.message(),
                    Map.of("Retry-After", Long.toString(d.retryAfter())));
        }
        ctx.budgetHold = d.hold();
        d.warnings().forEach(w -> res.addHeader(WARNING_HEADER, w));
        Plan next = d.model().equals(plan.model().alias()) ? plan : plan.withModel(models.get(d.model()));
        if (d.outputCap() != null) {
            return next.withOutputCap(d.outputCap());
        }
        // The reservation assumed `cap` output tokens: send that cap when the request set none, so the
        // provider cannot produce more than was reserved (the no-overshoot invariant holds for uncapped requests).
        return requestCap == null && !embeddings && !d.hold().reservations().isEmpty() ? next.withOutputCap(cap)
                : next;
    }

    private BudgetDecision evaluate(RequestContext ctx, String requested, Plan plan, long input, long cap) {
        // Providers count with their own tokenizers (Anthropic's is not public): the worst case assumes the
        // local count plus a margin, so the reservation stays an upper bound.
        long worstInput = input + input / 4 + INPUT_MARGIN_TOKENS;
        return budgets.evaluate(new GuardRequest(ctx.requestId, ctx.attribution, ctx.keyName, requested,
                plan.model().alias(), worstInput, cap, plan.request().choices()));
    }

    private static boolean clean(BudgetDecision d, Plan plan) {
        return !d.blocked() && d.events().isEmpty() && d.warnings().isEmpty() && d.outputCap() == null
                && d.model().equals(plan.model().alias());
    }

    /**
     * Re-checks the budgets for another attempt (a fallback model, or a retry after an attempt that cost
     * something): the current reservation is released and the new plan's worst case reserved, with the same
     * ladder as the first check (so it may downgrade, clamp or warn). A refusal throws {@link GuardRejection}.
     */
    Plan refit(RequestContext ctx, Plan plan, Downstream res) {
        if (!budgets.active()) {
            return plan;
        }
        release(ctx);
        return budgets(ctx, requested(ctx, plan), plan, res);
    }

    /**
     * Charges what a failed attempt cost (a timed-out request the provider may bill) to the budgets: its
     * reservation settles to that spend, as a part of the request (not another request). The next attempt
     * reserves anew through {@link #refit}.
     */
    void settleAttempt(RequestContext ctx) {
        if (ctx.budgetHold != null && ctx.usage != null) {
            budgets.settle(ctx.budgetHold, new Amount(ctx.cost, ctx.usage.total(), 0));
            ctx.budgetHold = null;
        }
    }

    /** Settles what the request spent (or releases its reservations) and records real tokens for rate limits. */
    void settle(RequestContext ctx) {
        boolean spent = ctx.usage != null && ctx.usageSource != UsageSource.NONE;
        if (ctx.budgetHold != null) {
            if (spent) {
                budgets.settle(ctx.budgetHold, new Amount(ctx.cost, ctx.usage.total(), 1));
            } else {
                budgets.release(ctx.budgetHold);
            }
            ctx.budgetHold = null;
        }
        if (ctx.rateLease != null && spent) {
            rates.recordTokens(ctx.rateLease, ctx.usage.total());
        }
    }

    private void release(RequestContext ctx) {
        if (ctx.budgetHold != null) {
            budgets.release(ctx.budgetHold);
            ctx.budgetHold = null;
        }
    }

    /** Whether {@link #apply} may wait on a shared store (budgets, rate limits): it must run off the event loop. */
    boolean blocking() {
        return budgets.active() && budgets.store().remote() || rates.remote();
    }

    /**
     * The model budgets and the key's allowlist match: the one the client asked for, also when a routing rule,
     * an experiment or a fallback chose another one to serve it.
     */
    private static String requested(RequestContext ctx, Plan plan) {
        return ctx.requestedModel != null ? ctx.requestedModel : plan.model().alias();
    }

    /** The budget guard (admin API, metrics). */
    BudgetGuard budgets() {
        return budgets;
    }
}
