package dev.spendgate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.ApiError;
import dev.spendgate.api.ApiFormat;
import dev.spendgate.api.Endpoint;
import dev.spendgate.config.ProviderType;
import dev.spendgate.inspect.ClientRequest;
import dev.spendgate.translate.ErrorTranslator;
import dev.spendgate.translate.RequestTranslator;
import dev.spendgate.translate.ResponseTranslator;
import dev.spendgate.translate.StreamTranslator;
import dev.spendgate.translate.UntranslatableException;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Serving a client of one API format with a provider of the other: OpenAI Chat Completions to Anthropic
 * Messages and back. The bodies are translated by {@code dev.spendgate.translate}; metering reads the provider's
 * own bytes (its usage, in its format), so cost always follows the model that actually served.
 */
enum CrossFormat {
    /** An OpenAI chat client served by an Anthropic model. */
    CHAT_TO_MESSAGES(Endpoint.MESSAGES),
    /** An Anthropic messages client served by an OpenAI model. */
    MESSAGES_TO_CHAT(Endpoint.CHAT_COMPLETIONS);

    private final Endpoint upstreamEndpoint;

    CrossFormat(Endpoint upstreamEndpoint) {
        this.upstreamEndpoint = upstreamEndpoint;
    }

    /** The translation from a client endpoint to a provider type, or null when none is needed or possible. */
    static @Nullable CrossFormat of(Endpoint clientEndpoint, ProviderType provider) {
        if (clientEndpoint == Endpoint.CHAT_COMPLETIONS && provider == ProviderType.ANTHROPIC) {
            return CHAT_TO_MESSAGES;
        }
        if (clientEndpoint == Endpoint.MESSAGES && provider == ProviderType.OPENAI) {
            return MESSAGES_TO_CHAT;
        }
        return null;
    }

    /** Whether a provider of this type speaks the client endpoint's own format. */
    static boolean sameFormat(Endpoint clientEndpoint, ProviderType provider) {
        return (clientEndpoint.format() == ApiFormat.OPENAI) == (provider == ProviderType.OPENAI);
    }

    /** The endpoint the provider is called on. */
    Endpoint upstreamEndpoint() {
        return upstreamEndpoint;
    }

    /**
     * The translated upstream body.
     *
     * @param cap        an output cap the guardrails set (replaces the request's own), or null
     * @param defaultCap Anthropic's required {@code max_tokens} when the request sets none
     * @throws GatewayException (400, naming the field) when the request cannot be translated faithfully
     */
    byte[] request(RequestContext ctx, ClientRequest request, String upstreamModel, @Nullable Long cap,
            long defaultCap) {
        JsonNode json = request.json();
        if (cap != null) {
            ObjectNode copy = request.json().deepCopy();
            copy.remove("max_tokens");
            copy.put(this == CHAT_TO_MESSAGES ? "max_completion_tokens" : "max_tokens", cap);
            json = copy;
        }
        try {
            return this == CHAT_TO_MESSAGES ? RequestTranslator.chatToMessages(json, upstreamModel, defaultCap)
                    : RequestTranslator.messagesToChat(json, upstreamModel);
        } catch (UntranslatableException e) {
            String other = this == CHAT_TO_MESSAGES ? "an Anthropic" : "an OpenAI";
            throw new GatewayException(Outcome.CLIENT_BAD_REQUEST, ApiError.invalidRequest("untranslatable_request",
                    e.param(), "The model '" + (ctx.model == null ? "" : ctx.model.alias()) + "' is served by "
                    + other + " provider, and this request cannot be translated to its format: " + e.getMessage()));
        }
    }

    /** Whether {@link #request} would succeed (checked before falling back to a model of the other format). */
    boolean translatable(ClientRequest request) {
        try {
            if (this == CHAT_TO_MESSAGES) {
                RequestTranslator.chatToMessages(request.json(), "probe", 1);
            } else {
                RequestTranslator.messagesToChat(request.json(), "probe");
            }
            return true;
        } catch (UntranslatableException e) {
            return false;
        }
    }

    /** A provider's 2xx response body in the client's format, with the client's model alias. */
    byte[] response(byte[] body, String clientModel) {
        return this == CHAT_TO_MESSAGES ? ResponseTranslator.messagesToChat(body, clientModel)
                : ResponseTranslator.chatToMessages(body, clientModel);
    }

    /** A provider error body in the client's error format (the status stays). */
    byte[] error(byte[] body, int status) {
        return this == CHAT_TO_MESSAGES ? ErrorTranslator.anthropicToOpenAi(body, status)
                : ErrorTranslator.openAiToAnthropic(body, status);
    }

    /** A translator of the provider's stream into the client's SSE dialect. */
    StreamTranslator stream(String clientModel, boolean includeUsage) {
        return this == CHAT_TO_MESSAGES ? StreamTranslator.messagesToChat(clientModel, includeUsage)
                : StreamTranslator.chatToMessages(clientModel);
    }

    /** Drops the client format's own headers that would confuse the provider. */
    void adaptHeaders(HttpHeaders upstream) {
        if (this == MESSAGES_TO_CHAT) {
            upstream.remove("anthropic-version");
            upstream.remove("anthropic-beta");
        } else {
            upstream.remove("openai-organization");
            upstream.remove("openai-project");
        }
    }
}
