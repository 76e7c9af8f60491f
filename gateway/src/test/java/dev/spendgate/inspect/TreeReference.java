package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The tree-based inspection and rewrite as they were before the streaming pass (commit 9aba738), kept as the
 * oracle of the differential tests: the streaming code must agree with it on every body.
 */
final class TreeReference {

    /** What the tree inspection read. */
    record Inspected(ObjectNode json, @Nullable String model, boolean stream, boolean includeUsage,
            @Nullable Long outputCap, long choices) {
    }

    private TreeReference() {
    }

    static Inspected inspect(byte[] body) {
        JsonNode node;
        try {
            node = RequestInspector.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            String why = e.getOriginalMessage();
            why = why.length() > 200 ? why.substring(0, 200) + "..." : why;
            throw new InvalidRequestException(null, "The request body is not valid JSON (" + why + at
                    + "). Send a JSON object.");
        } catch (IOException e) {
            throw new InvalidRequestException(null, "The request body could not be read as JSON.");
        }
        if (!(node instanceof ObjectNode json)) {
            throw new InvalidRequestException(null, "The request body must be a JSON object.");
        }
        String model = textField(json, "model");
        boolean stream = boolField(json, "stream");
        JsonNode options = json.get("stream_options");
        if (options != null && !options.isNull() && !options.isObject()) {
            throw new InvalidRequestException("stream_options", "'stream_options' must be an object.");
        }
        boolean includeUsage = options instanceof ObjectNode o && boolField(o, "include_usage");
        return new Inspected(json, model, stream, includeUsage, outputCap(json), choices(json));
    }

    static byte[] upstreamBody(Inspected request, byte[] raw, String upstreamModel, boolean injectIncludeUsage,
            @Nullable Long outputCap, @Nullable Endpoint endpoint) {
        boolean renameModel = request.model() != null && !request.model().equals(upstreamModel);
        if (!renameModel && !injectIncludeUsage && outputCap == null) {
            return raw;
        }
        ObjectNode copy = request.json();
        if (renameModel) {
            copy.put("model", upstreamModel);
        }
        if (outputCap != null && endpoint != null) {
            boolean set = false;
            for (String field : BodyRewriter.CAP_FIELDS) {
                if (copy.has(field)) {
                    copy.put(field, outputCap);
                    set = true;
                }
            }
            if (!set) {
                copy.put(switch (endpoint) {
                    case CHAT_COMPLETIONS -> "max_completion_tokens";
                    case RESPONSES -> "max_output_tokens";
                    default -> "max_tokens";
                }, outputCap);
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

    private static @Nullable String textField(ObjectNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidRequestException(field, "'" + field + "' must be a string.");
        }
        return v.asText();
    }

    private static boolean boolField(ObjectNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new InvalidRequestException(field, "'" + field + "' must be a boolean.");
        }
        return v.booleanValue();
    }

    private static @Nullable Long outputCap(ObjectNode json) {
        Long cap = null;
        for (String field : BodyRewriter.CAP_FIELDS) {
            Long v = boundedLong(json, field, 0, RequestInspector.MAX_OUTPUT_CAP);
            if (v != null) {
                cap = cap == null ? v : Math.max(cap, v);
            }
        }
        return cap;
    }

    private static long choices(ObjectNode json) {
        Long n = boundedLong(json, "n", 1, RequestInspector.MAX_CHOICES);
        Long bestOf = boundedLong(json, "best_of", 1, RequestInspector.MAX_CHOICES);
        return Math.max(n == null ? 1 : n, bestOf == null ? 1 : bestOf);
    }

    private static @Nullable Long boundedLong(ObjectNode json, String field, long min, long max) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new InvalidRequestException(field, "'" + field + "' must be an integer from " + min + " to "
                    + max + ".");
        }
        return v.longValue();
    }
}
