package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.api.ApiFormat;
import dev.spendgate.api.Endpoint;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.inspect.BodyRewriter;
import dev.spendgate.inspect.ClientRequest;
import dev.spendgate.inspect.InvalidRequestException;
import dev.spendgate.inspect.RequestInspector;
import dev.spendgate.metering.TokenEstimator;
import dev.spendgate.route.RoutePlan;
import dev.spendgate.route.RouteSelector;
import dev.spendgate.upstream.ProviderClient;
import dev.spendgate.upstream.ProviderClients;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Chooses where a request goes: metered endpoints by the body's {@code model} through the {@code models:} table,
 * then the routing rules and experiments ({@link RouteSelector}); each attempt's upstream request is rendered by
 * {@link #target}. Passthrough paths go to the default provider of the caller's API format.
 */
final class Router {

    private final Map<String, ModelConfig> models;
    private final ProviderClients clients;
    private final @Nullable String defaultOpenAi;
    private final @Nullable String defaultAnthropic;
    private final String knownModels;
    private final RouteSelector selector;
    private final TokenEstimator estimator;
    private final long defaultOutputCap;

    Router(GatewayConfig config, ProviderClients clients, TokenEstimator estimator) {
        this.models = config.models();
        this.selector = RouteSelector.of(config);
        this.estimator = estimator;
        this.defaultOutputCap = config.guardrails().defaultOutputCap();
        this.clients = clients;
        this.defaultOpenAi = config.defaults().openaiProvider();
        this.defaultAnthropic = config.defaults().anthropicProvider();
        this.knownModels = String.join(", ", config.models().keySet());
    }

    /** Parses a metered request and resolves its model; guards may then change the plan. */
    Plan plan(RequestContext ctx, byte[] body) {
        ClientRequest request = RequestInspector.inspect(body);
        ctx.request = request;
        ctx.stream = request.stream();
        ctx.requestedModel = request.model();
        if (request.model() == null || request.model().isEmpty()) {
            throw new InvalidRequestException("model", "'model' is required. Send one of the configured models: "
                    + knownModels + ".");
        }
        resolve(ctx, request.model());
        RoutePlan route = selector.select(request.model(), ctx.attribution, ctx.requestId, ctx.keyName);
        if (route == null) {
            throw new IllegalStateException("a configured model has no route: " + request.model());
        }
        ctx.routePlan = route;
        ctx.routeRule = route.rule();
        ctx.routeExperiment = route.experiment();
        ctx.routeArm = route.arm();
        ctx.model = route.primary();
        return new Plan(request, route.primary(), null);
    }

    /**
     * The upstream request of one attempt: the target's provider, the body in the provider's format (model,
     * output cap and include_usage rewritten, or the whole body translated), whether to hide the usage chunk.
     *
     * @throws GatewayException (400) when the request cannot be translated to the target's format
     */
    Route target(RequestContext ctx, Plan plan, Target target) {
        ModelConfig model = target.model();
        ProviderClient client = client(ctx, target.provider());
        ctx.model = model;
        ClientRequest request = plan.request();
        CrossFormat cross = CrossFormat.of(ctx.endpoint, client.config().type());
        if (cross != null) {
            long cap = plan.outputCap() != null ? plan.outputCap() : defaultOutputCap;
            return new Route(client, cross.request(ctx, request, target.deployment().upstreamModel(),
                    plan.outputCap(), cap), false, cross.upstreamEndpoint(), cross);
        }
        if (!CrossFormat.sameFormat(ctx.endpoint, client.config().type())) {
            throw notServable(ctx, model);
        }
        boolean strip = ctx.stream && !request.includeUsage()
                && (ctx.endpoint == Endpoint.CHAT_COMPLETIONS || ctx.endpoint == Endpoint.COMPLETIONS);
        return new Route(client, BodyRewriter.upstreamBody(request, target.deployment().upstreamModel(),
                strip, plan.outputCap(), ctx.endpoint), strip, ctx.endpoint);
    }

    /** Whether {@code model} can serve this request: same API format, or a translatable one. */
    boolean servable(RequestContext ctx, ModelConfig model) {
        ProviderClient client = clients.get(model.deployments().get(0).provider());
        if (client == null) {
            return false;
        }
        CrossFormat cross = CrossFormat.of(ctx.endpoint, client.config().type());
        if (cross == null) {
            return CrossFormat.sameFormat(ctx.endpoint, client.config().type());
        }
        return ctx.request != null && cross.translatable(ctx.request);
    }

    /**
     * Whether the request's input fits {@code model}'s context window (true when the window is unknown). The
     * tokenizer runs only for bodies longer than the window in bytes: a token is at least one byte of the
     * prompt's text, so a shorter body always fits.
     */
    boolean fits(RequestContext ctx, ModelConfig model) {
        Long window = model.contextWindow();
        ClientRequest request = ctx.request;
        if (window == null || request == null || request.raw().length <= window) {
            return true;
        }
        if (ctx.inputEstimate < 0) {
            ctx.inputEstimate = estimator.estimateInput(ctx.endpoint, model.upstreamModel(), request.json());
        }
        return ctx.inputEstimate <= window;
    }

    private GatewayException notServable(RequestContext ctx, ModelConfig model) {
        return new GatewayException(Outcome.CLIENT_BAD_REQUEST, ApiError.invalidRequest("unsupported_endpoint",
                "model", "The model '" + model.alias() + "' is served by a provider of the other API format, and "
                + ctx.endpoint.path() + " requests cannot be translated to it (only /v1/chat/completions <->"
                + " /v1/messages are). Call it on its own API's endpoint, or choose another model."));
    }

    /** An unmetered request: passed through to a provider as it is (count_tokens gets the model renamed). */
    Route passthrough(RequestContext ctx, byte[] body) {
        return passthroughRoute(ctx, body);
    }

    /** The configured model for an alias, or null. */
    @Nullable ModelConfig model(String alias) {
        return models.get(alias);
    }

    private Route passthroughRoute(RequestContext ctx, byte[] body) {
        if (ctx.endpoint == Endpoint.COUNT_TOKENS && body.length > 0) {
            ClientRequest request = RequestInspector.inspect(body);
            ctx.requestedModel = request.model();
            ModelConfig model = request.model() == null ? null : models.get(request.model());
            if (model != null) {
                ctx.model = model;
                ProviderClient provider = clients.get(model.provider());
                if (provider != null && !CrossFormat.sameFormat(ctx.endpoint, provider.config().type())) {
                    throw notServable(ctx, model);
                }
                return new Route(client(ctx, model.provider()),
                        BodyRewriter.upstreamBody(request, model.upstreamModel(), false), false, ctx.endpoint);
            }
        }
        String provider = ctx.format == ApiFormat.ANTHROPIC ? defaultAnthropic : defaultOpenAi;
        if (provider == null) {
            String key = ctx.format == ApiFormat.ANTHROPIC ? "anthropic_provider" : "openai_provider";
            throw new GatewayException(Outcome.NOT_FOUND, new ApiError(404, "invalid_request_error", "not_found",
                    null, "not_found_error", "No provider serves "
                    + ctx.format.name().toLowerCase(java.util.Locale.ROOT)
                    + "-format passthrough paths. Set defaults." + key + " in the gateway config."));
        }
        return new Route(client(ctx, provider), body, false, ctx.endpoint);
    }

    private ModelConfig resolve(RequestContext ctx, String name) {
        ModelConfig model = models.get(name);
        if (model == null) {
            ctx.fail(Outcome.UNKNOWN_MODEL, 404);
            throw new GatewayException(Outcome.UNKNOWN_MODEL, new ApiError(404, "invalid_request_error",
                    "model_not_found", "model", "not_found_error", "The model '" + name
                    + "' is not configured on this gateway. Configured models: " + knownModels
                    + ". Use one of them, or add it under models: in the gateway config."));
        }
        ctx.model = model;
        return model;
    }

    private ProviderClient client(RequestContext ctx, String providerId) {
        ProviderClient client = clients.get(providerId);
        if (client == null) {
            throw new IllegalStateException("validated config names unknown provider " + providerId);
        }
        ctx.provider = providerId;
        return client;
    }
}
