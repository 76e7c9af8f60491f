package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.config.RetryConfig;
import dev.spendgate.guard.GuardRejection;
import dev.spendgate.route.Backoff;
import dev.spendgate.route.CircuitBreaker;
import dev.spendgate.route.CircuitBreakers;
import dev.spendgate.route.FailureKind;
import dev.spendgate.route.RoutePlan;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The upstream leg of a metered request, with retries and fallbacks. Only an attempt that failed before its
 * first byte reached the client is tried again; from then on the response belongs to that attempt.
 *
 * <pre>
 *  attempt(target) --committed--> done (the breaker learns the verdict)
 *     | failed(kind), nothing sent yet
 *     +-- retry the same target: transient kind, fewer than 2 tries on it, backoff (or Retry-After) fits
 *     +-- another deployment of the same model (weights, healthy first)
 *     +-- context_length: the model's context_fallback
 *     +-- the next model of the chain, when kind is in the primary's fallback_on; a model is skipped when its
 *     |   context window cannot hold the input, its format cannot be translated, or a budget refuses it
 *     +-- nothing left, or max_attempts / the deadline reached: the last failure goes to the client
 * </pre>
 * A provider whose circuit breaker is open is skipped without an attempt. Every failed attempt is a ledger line
 * ({@code attempt_outcome} retry or fallback) and a metric; spend it may have caused is metered and settled
 * against the budgets before the next attempt reserves again.
 */
final class AttemptLoop {

    /** Tries of one target before moving on (the first try and one retry). */
    static final int TRIES_PER_TARGET = 2;

    private final UpstreamExchange upstream;
    private final Router router;
    private final GuardStage guards;
    private final RetryConfig retry;
    private final CircuitBreakers breakers;
    private final AttemptEvents events;

    AttemptLoop(UpstreamExchange upstream, Router router, GuardStage guards, RetryConfig retry,
            CircuitBreakers breakers, AttemptEvents events) {
        this.upstream = upstream;
        this.router = router;
        this.guards = guards;
        this.retry = retry;
        this.breakers = breakers;
        this.events = events;
    }

    /** The state of one request's attempts. */
    private final class Run {
        final Exchange ex;
        final RequestContext ctx;
        final TargetChain chain;
        final long deadline;
        Plan plan;
        int triesOnTarget;
        @Nullable Route lastRoute;

        Run(Exchange ex, Plan plan, RoutePlan route) {
            this.ex = ex;
            this.ctx = ex.context();
            this.plan = plan;
            this.chain = new TargetChain(route, breakers);
            this.deadline = System.nanoTime() + retry.deadline().toNanos();
        }
    }

    /**
     * Runs the attempts of a planned request until one commits the response or nothing is left to try. May be
     * called off the event loop (a blocking budget store): each attempt is sent from the client's event loop.
     */
    void run(Exchange ex, Plan plan, @Nullable RoutePlan route) {
        if (route == null) {
            throw new IllegalStateException("a metered request reached the attempts without a route plan");
        }
        Run run = new Run(ex, plan, route);
        ModelConfig primary = plan.model();
        Target first = run.chain.start(primary);
        if (!router.fits(run.ctx, primary)) {
            Target bigger = contextFallback(run, primary, "context_window");
            if (bigger != null) {
                run.ctx.fallbackReason = "context_window";
                first = bigger;
            }
        }
        attempt(run, first, null);
    }

    private void attempt(Run run, Target target, AttemptResult.@Nullable Failed previous) {
        RequestContext ctx = run.ctx;
        CircuitBreaker breaker = breakers.get(target.provider());
        if (breaker != null && !breaker.tryAcquire()) {
            events.skipped(ctx, target, "circuit_open");
            // An open circuit makes the provider unusable whatever fallback_on says; the reason reported is the
            // failure that led here, or circuit_open when nothing failed in this request.
            String reason = previous != null ? previous.reason() : "circuit_open";
            Target next = next(run, target, previous != null ? previous.kind() : FailureKind.CONNECT_ERROR, reason,
                    true);
            if (next != null) {
                if (ctx.fallbackReason == null) {
                    ctx.fallbackReason = reason;
                }
                attempt(run, next, previous);
            } else if (previous != null && run.lastRoute != null) {
                giveUp(run, previous, run.lastRoute);
            } else {
                run.ex.fail(allOpen(target));
            }
            return;
        }
        Route route;
        try {
            route = router.target(ctx, run.plan, target);
        } catch (RuntimeException e) {
            release(breaker);
            throw e;
        }
        run.lastRoute = route;
        long started = System.nanoTime();
        upstream.attempt(run.ex, route, run.deadline, kind -> mayGoOn(run, kind), new AttemptCallback() {
            @Override
            public void done(AttemptResult result) {
                if (result instanceof AttemptResult.Failed f) {
                    offLoopIfBlocking(run, () -> AttemptLoop.this.failed(run, target, route, f, breaker, started));
                } else {
                    committed(run, target, breaker, started);
                    run.ex.responded();
                }
            }

            @Override
            public void failed(Throwable error) {
                if (breaker != null) {
                    breaker.onFailure();
                }
                events.attempt(target, "failure", ctx.outcome.label(), started);
                run.ex.fail(error);
            }

            @Override
            public void cancelled() {
                release(breaker);
            }
        });
    }

    /**
     * The next attempt re-checks budgets; with a shared budget store (Redis) those calls block for up to
     * {@code state.timeout}, so they run off the event loop, as the first check did. A failure there (a budget
     * refusing the retry, say) answers the client.
     */
    private void offLoopIfBlocking(Run run, Runnable next) {
        Runnable guarded = () -> {
            try {
                next.run();
            } catch (RuntimeException e) {
                run.ex.fail(e);
            }
        };
        if (guards.blocking()) {
            run.ex.worker().execute(guarded);
        } else {
            guarded.run();
        }
    }

    private void committed(Run run, Target target, @Nullable CircuitBreaker breaker, long started) {
        int status = run.ctx.status;
        if (breaker != null) {
            if (status >= 500) {
                breaker.onFailure();
            } else if (status == 429) {
                breaker.release();
            } else {
                breaker.onSuccess();
            }
        }
        events.attempt(target, status >= 400 ? "failure" : "success", run.ctx.outcome.label(), started);
    }

    private void failed(Run run, Target target, Route route, AttemptResult.Failed f,
            @Nullable CircuitBreaker breaker, long started) {
        RequestContext ctx = run.ctx;
        if (breaker != null) {
            if (f.kind() == FailureKind.RATE_LIMITED || f.kind() == FailureKind.CONTEXT_LENGTH) {
                breaker.release();
            } else {
                breaker.onFailure();
            }
        }
        // What the attempt may have cost is charged before the next one reserves (a paid attempt counts).
        boolean paid = events.meterFailure(ctx);
        if (paid) {
            guards.settleAttempt(ctx);
        }
        Duration delay = breaker == null || breaker.isAvailable() ? retryDelay(run, f) : null;
        Target next = delay != null ? target : next(run, target, f.kind(), f.reason(), false);
        if (next == null) {
            events.attempt(target, "failure", f.reason(), started);
            giveUp(run, f, route);
            return;
        }
        String outcome = delay != null ? "retry" : "fallback";
        events.attempt(target, outcome, f.reason(), started);
        events.attemptLine(ctx, outcome, f.reason());
        ctx.resetAttempt();
        if (delay != null) {
            run.triesOnTarget++;
            if (paid) {
                run.plan = guards.refit(ctx, run.plan, run.ex.response());
            }
            // The wait is on the event loop; the attempt after it may re-check budgets (the breaker opened
            // meanwhile: a fallback), so it hops off the loop with a shared store like every other re-check.
            run.ex.loop().schedule(() -> offLoopIfBlocking(run, () -> attempt(run, target, f)), delay.toNanos(),
                    TimeUnit.NANOSECONDS);
            return;
        }
        ctx.fallbackReason = f.reason();
        run.triesOnTarget = 0;
        if (paid && next.model().alias().equals(target.model().alias())) {
            run.plan = guards.refit(ctx, run.plan, run.ex.response());
        }
        attempt(run, next, f);
    }

    /** The wait before retrying the same target, or null when it is not retried. */
    private @Nullable Duration retryDelay(Run run, AttemptResult.Failed f) {
        if (!FailureKind.TRANSIENT.contains(f.kind()) || run.triesOnTarget + 1 >= TRIES_PER_TARGET
                || run.ctx.attempts >= retry.maxAttempts()) {
            return null;
        }
        Duration d = Backoff.delayBeforeRetry(run.triesOnTarget + 1, f.retryAfter(), retry,
                ThreadLocalRandom.current());
        return d == null || System.nanoTime() + d.toNanos() >= run.deadline ? null : d;
    }

    /**
     * The next target after {@code failed} failed (or was skipped) with {@code kind}: another deployment, the
     * context fallback, or the next usable model of the chain; null when there is none or the attempts are spent.
     * With {@code anyKind} the chain's models are taken whatever the primary's fallback_on (an open circuit).
     */
    private @Nullable Target next(Run run, Target failed, FailureKind kind, String reason, boolean anyKind) {
        if (exhausted(run)) {
            return null;
        }
        if (kind == FailureKind.CONTEXT_LENGTH) {
            return contextFallback(run, failed.model(), reason);
        }
        Target sibling = run.chain.nextDeployment();
        if (sibling != null) {
            return sibling;
        }
        if (!anyKind && !run.chain.fallsBackOn(kind)) {
            return null;
        }
        ModelConfig m;
        while ((m = run.chain.nextModel()) != null) {
            Target t = startIfUsable(run, m, failed.model(), reason);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** The first target of {@code model}'s context fallback, when it has one not used yet and it can serve. */
    private @Nullable Target contextFallback(Run run, ModelConfig model, String reason) {
        String alias = run.chain.contextFallback(model);
        ModelConfig bigger = alias == null ? null : router.model(alias);
        return bigger == null ? null : startIfUsable(run, bigger, model, reason);
    }

    /**
     * The first target of {@code model} when it can take the request (format, context window, budgets re-checked
     * for it), else null. The budgets' ladder may downgrade it: the chain then starts the plan's model.
     */
    private @Nullable Target startIfUsable(Run run, ModelConfig model, ModelConfig from, String reason) {
        RequestContext ctx = run.ctx;
        String skip = router.servable(ctx, model) ? router.fits(ctx, model) ? null : "context_window"
                : "format";
        if (skip == null) {
            int before = ctx.guardrails.size();
            try {
                run.plan = guards.refit(ctx, run.plan.withModel(model), run.ex.response());
            } catch (GuardRejection e) {
                // The request was not blocked, only this target: its budget events would say otherwise.
                ctx.guardrails.subList(before, ctx.guardrails.size()).clear();
                ctx.guardrails.add("fallback_blocked:" + model.alias());
                skip = "budget";
            }
        }
        if (skip != null) {
            events.skipped(ctx, new Target(model, model.deployments().get(0)), skip);
            return null;
        }
        events.fallback(from, model, reason);
        return run.chain.start(run.plan.model());
    }

    /** Whether the request's attempts or its deadline are spent. */
    private boolean exhausted(Run run) {
        return run.ctx.attempts >= retry.maxAttempts() || System.nanoTime() >= run.deadline;
    }

    /** Whether a failure of this kind would be followed by another attempt (optimistic; see {@link #next}). */
    private boolean mayGoOn(Run run, FailureKind kind) {
        if (exhausted(run)) {
            return false;
        }
        if (kind == FailureKind.CONTEXT_LENGTH) {
            ModelConfig current = run.plan.model();
            return run.chain.contextFallback(current) != null;
        }
        return FailureKind.TRANSIENT.contains(kind) && (run.triesOnTarget + 1 < TRIES_PER_TARGET
                || run.chain.hasNextDeployment() || run.chain.fallsBackOn(kind) && run.chain.hasNextModel());
    }

    /** Nothing else is tried: the provider's own error goes to the client, or the gateway's. */
    private static void giveUp(Run run, AttemptResult.Failed f, Route route) {
        AttemptResult.ErrorReply reply = f.reply();
        if (reply != null) {
            run.ex.onLoop(() -> {
                if (!run.ex.cancelled()) {
                    ProviderError.send(run.ctx, reply, route, run.ex.response());
                    run.ex.responded();
                }
            });
            return;
        }
        GatewayException error = f.error();
        run.ex.fail(error != null ? error : new GatewayException(Outcome.UPSTREAM_5XX, new ApiError(502,
                "server_error", "upstream_failed", null, "api_error", "The provider failed (" + f.reason()
                + "). Request id " + run.ctx.requestId + ".")));
    }

    private static void release(@Nullable CircuitBreaker breaker) {
        if (breaker != null) {
            breaker.release();
        }
    }

    private static GatewayException allOpen(Target target) {
        return new GatewayException(Outcome.UPSTREAM_CONNECT_ERROR, new ApiError(503, "server_error",
                "provider_unavailable", null, "overloaded_error", "The provider '" + target.provider()
                + "' is failing (its circuit breaker is open) and no fallback could serve the request. Retry"
                + " later, or configure fallbacks for model '" + target.model().alias() + "'."));
    }
}
