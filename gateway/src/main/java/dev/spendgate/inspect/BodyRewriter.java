package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * Produces the upstream request body. When nothing needs to change the client's bytes go out untouched; otherwise
 * the parsed tree is rewritten: {@code model} set to the provider's model id, and for OpenAI chat/completions
 * streams {@code stream_options.include_usage} set to true so the provider reports usage (OpenAPI
 * {@code ChatCompletionStreamOptions}: without it a stream carries no usage at all).
 */
public final class BodyRewriter {

    private BodyRewriter() {
    }

    /**
     * The body to send upstream. The caller's Content-Length must be recomputed from the result. Rewrites the
     * request's parsed tree in place (no copy of a possibly large prompt); the tree is only read afterwards.
     */
    public static byte[] upstreamBody(ClientRequest request, String upstreamModel, boolean injectIncludeUsage) {
        boolean renameModel = request.model() != null && !request.model().equals(upstreamModel);
        if (!renameModel && !injectIncludeUsage) {
            return request.raw();
        }
        ObjectNode copy = request.json();
        if (renameModel) {
            copy.put("model", upstreamModel);
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
