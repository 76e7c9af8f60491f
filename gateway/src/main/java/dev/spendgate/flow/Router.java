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
import dev.spendgate.upstream.ProviderClient;
import dev.spendgate.upstream.ProviderClients;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the provider for a request: metered endpoints by the body's {@code model} through the {@code models:}
 * table; passthrough paths by the default provider of the caller's API format.
 */
final class Router {

    private final Map<String, ModelConfig> models;
    private final ProviderClients clients;
    private final @Nullable String defaultOpenAi;
    private final @Nullable String defaultAnthropic;
    private final String knownModels;

    Router(GatewayConfig config, ProviderClients clients) {
        this.models = config.models();
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
        return new Plan(request, resolve(ctx, request.model()), null);
    }

    /** The upstream request of a (guarded) plan: provider, rewritten body, whether to hide the usage chunk. */
    Route render(RequestContext ctx, Plan plan) {
        ModelConfig model = plan.model();
        ctx.model = model;
        ClientRequest request = plan.request();
        boolean strip = ctx.stream && !request.includeUsage()
                && (ctx.endpoint == Endpoint.CHAT_COMPLETIONS || ctx.endpoint == Endpoint.COMPLETIONS);
        return new Route(client(ctx, model.provider()), BodyRewriter.upstreamBody(request, model.upstreamModel(),
                strip, plan.outputCap(), ctx.endpoint), strip, ctx.endpoint);
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
