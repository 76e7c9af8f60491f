package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.Endpoint;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Produces the upstream request body. When nothing needs to change the client's bytes go out untouched; otherwise
 * {@code model} is set to the provider's model id, the output cap lowered or added, and for OpenAI
 * chat/completions streams {@code stream_options.include_usage} set to true so the provider reports usage (OpenAPI
 * {@code ChatCompletionStreamOptions}: without it a stream carries no usage at all).
 *
 * <p>The common rewrites splice the client's bytes at the offsets the streaming pass recorded ({@link RequestScan}):
 * a value replaced, a key added before the closing brace of its object. Everything else stays byte for byte, and
 * the result parses to the same tree as re-serialising the edited tree would. When a rewritten key occurs more
 * than once (a tree keeps the last; a splice could not drop the others), the tree is edited and re-serialised.
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

    /** The body to send upstream. The caller's Content-Length must be recomputed from the result. */
    public static byte[] upstreamBody(ClientRequest request, String upstreamModel, boolean injectIncludeUsage) {
        return upstreamBody(request, upstreamModel, injectIncludeUsage, null, null);
    }

    /**
     * As {@link #upstreamBody(ClientRequest, String, boolean)}, also setting the output cap (a guardrail clamp)
     * in every cap field the request already has, or else the endpoint's own field: {@code max_completion_tokens}
     * (chat), {@code max_tokens} (completions, messages), {@code max_output_tokens} (responses). The request
     * ({@link ClientRequest#json()} included) is not changed.
     */
    public static byte[] upstreamBody(ClientRequest request, String upstreamModel, boolean injectIncludeUsage,
            @Nullable Long outputCap, @Nullable Endpoint endpoint) {
        boolean renameModel = request.model() != null && !request.model().equals(upstreamModel);
        Long cap = endpoint == null ? null : outputCap; // without an endpoint, a cap names no field
        if (!renameModel && !injectIncludeUsage && cap == null) {
            return request.raw();
        }
        RequestScan scan = request.scan();
        if (!scan.spliceable || renameModel && scan.model != null && scan.model.occurrences > 1
                || cap != null && repeated(scan.caps) || injectIncludeUsage && repeatedOptions(scan)) {
            return treeBody(request, renameModel ? upstreamModel : null, injectIncludeUsage, cap, endpoint);
        }
        byte[] raw = request.raw();
        BodySplice splice = new BodySplice();
        RootInsert root = new RootInsert(scan);
        if (renameModel && scan.model != null) {
            splice.replace(scan.model.start, scan.model.end(raw), quoted(upstreamModel));
        }
        if (cap != null && endpoint != null) {
            byte[] value = ascii(cap.toString());
            boolean set = false;
            for (ScannedField f : scan.caps) {
                if (f != null) { // a null value too: a tree's has() is true for it
                    splice.replace(f.start, f.end(raw), value);
                    set = true;
                }
            }
            if (!set) {
                splice.insert(scan.rootClose, root.member(quoted(capField(endpoint)), value));
            }
        }
        if (injectIncludeUsage) {
            includeUsage(scan, raw, splice, root);
        }
        return splice.apply(raw);
    }

    private static void includeUsage(RequestScan scan, byte[] raw, BodySplice splice, RootInsert root) {
        ScannedField options = scan.streamOptions;
        byte[] object = ascii("{\"include_usage\":true}");
        if (options == null) {
            splice.insert(scan.rootClose, root.member(quoted("stream_options"), object));
        } else if (options.token != JsonToken.START_OBJECT) {
            splice.replace(options.start, options.end(raw), object); // null: a tree's putObject replaces it
        } else if (scan.includeUsage == null) {
            splice.insert(options.close, ascii((scan.streamOptionsKeys > 0 ? "," : "") + "\"include_usage\":true"));
        } else if (scan.includeUsage.token != JsonToken.VALUE_TRUE) {
            splice.replace(scan.includeUsage.start, scan.includeUsage.end(raw), ascii("true"));
        }
    }

    private static boolean repeated(@Nullable ScannedField[] fields) {
        for (ScannedField f : fields) {
            if (f != null && f.occurrences > 1) {
                return true;
            }
        }
        return false;
    }

    private static boolean repeatedOptions(RequestScan scan) {
        return scan.streamOptions != null && scan.streamOptions.occurrences > 1
                || scan.includeUsage != null && scan.includeUsage.occurrences > 1;
    }

    /** Members appended to the body's object, before its closing brace; a comma before each but a first. */
    private static final class RootInsert {
        private boolean members;

        RootInsert(RequestScan scan) {
            members = scan.rootKeys > 0;
        }

        byte[] member(byte[] key, byte[] value) {
            byte[] out = new byte[(members ? 1 : 0) + key.length + 1 + value.length];
            int i = 0;
            if (members) {
                out[i++] = ',';
            }
            System.arraycopy(key, 0, out, i, key.length);
            out[i + key.length] = ':';
            System.arraycopy(value, 0, out, i + key.length + 1, value.length);
            members = true;
            return out;
        }
    }

    private static byte[] quoted(String s) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(s);
        byte[] out = new byte[escaped.length + 2];
        out[0] = '"';
        System.arraycopy(escaped, 0, out, 1, escaped.length);
        out[out.length - 1] = '"';
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The rewrite on a tree of its own (the request's stays as received), re-serialised whole. */
    private static byte[] treeBody(ClientRequest request, @Nullable String model, boolean injectIncludeUsage,
            @Nullable Long outputCap, @Nullable Endpoint endpoint) {
        ObjectNode copy = RequestInspector.tree(request.raw());
        if (model != null) {
            copy.put("model", model);
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
