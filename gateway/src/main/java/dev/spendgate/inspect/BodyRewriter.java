package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.Endpoint;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Produces the upstream request body. When nothing needs to change the client's bytes go out untouched; otherwise
 * the parsed tree is rewritten: {@code model} set to the provider's model id, and for OpenAI chat/completions
 * streams {@code stream_options.include_usage} set to true so the provider reports usage (OpenAPI
 * {@code ChatCompletionStreamOptions}: without it a stream carries no usage at all).
 */
public final class BodyRewriter {

    private BodyRewriter() {
    }

    /** The output-cap fields of the APIs: chat's, completions' and messages', responses'. Read and rewritten alike. */
    static final String[] CAP_FIELDS = {"max_completion_tokens", "max_tokens", "max_output_tokens"};

    private static String capField(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> "max_completion_tokens";
            case RESPONSES -> "max_output_tokens";
            default -> "max_tokens";
        };
    }

    /**
     * The body to send upstream. The caller's Content-Length must be recomputed from the result. Rewrites the
     * request's parsed tree in place (no copy of a possibly large prompt); the tree is only read afterwards.
     */
    public static byte[] upstreamBody(ClientRequest request, String upstreamModel, boolean injectIncludeUsage) {
        return upstreamBody(request, upstreamModel, injectIncludeUsage, null, null);
    }

    /**
     * As {@link #upstreamBody(ClientRequest, String, boolean)}, also setting the output cap (a guardrail clamp)
     * in the field the request already uses, or else the endpoint's own field: {@code max_completion_tokens}
     * (chat), {@code max_tokens} (completions, messages), {@code max_output_tokens} (responses).
     */
    public static byte[] upstreamBody(ClientRequest request, String upstreamModel, boolean injectIncludeUsage,
            @Nullable Long outputCap, @Nullable Endpoint endpoint) {
        boolean renameModel = request.model() != null && !request.model().equals(upstreamModel);
        if (!renameModel && !injectIncludeUsage && outputCap == null) {
            return request.raw();
        }
        ObjectNode copy = request.json();
        if (renameModel) {
            copy.put("model", upstreamModel);
        }
        if (outputCap != null && endpoint != null) {
            // Every cap field present is lowered, so no provider reads a larger one that was left alone.
            boolean set = false;
            for (String field : CAP_FIELDS) {
                if (copy.has(field)) {
                    copy.put(field, outputCap);
                    set = true;
                }
            }
            if (!set) {
                copy.put(capField(endpoint), outputCap);
            }
        }
        if (injectIncludeUsage) {
            ObjectNode options = copy.get("stream_options") instanceof ObjectNode o ? o
                    : copy.putObject("stream_options");
            options.put("include_usage", true);
        }
        try {
            return RequestInspector.MAPPER.writeValueAsBytes(copy);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
