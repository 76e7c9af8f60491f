package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Parses a client request body and reads the fields the gateway acts on. Numbers are kept as exact decimals so
 * a rewritten body carries the client's values unchanged (0.7 stays 0.7, never 0.69999...).
 */
public final class RequestInspector {

    /** Shared mapper for request bodies: exact decimals, trees only. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestInspector() {
    }

    /**
     * Parses {@code body}.
     *
     * @throws InvalidRequestException when the body is not a JSON object or a field has the wrong type
     */
    public static ClientRequest inspect(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
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
        return new ClientRequest(json, body, model, stream, includeUsage, outputCap(json), choices(json));
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

    /** No model produces more; a larger cap is a client error (and would overflow worst-case arithmetic). */
    static final long MAX_OUTPUT_CAP = 10_000_000L;
    /** Most choices a request may ask for ({@code n}, {@code best_of}). */
    static final long MAX_CHOICES = 128;

    /**
     * The output cap per choice: the largest of the cap fields present (a request may carry both
     * {@code max_tokens} and {@code max_completion_tokens}; the worst case is the larger), or null when none.
     */
    private static @Nullable Long outputCap(ObjectNode json) {
        Long cap = null;
        for (String field : BodyRewriter.CAP_FIELDS) {
            Long v = boundedLong(json, field, 0, MAX_OUTPUT_CAP);
            if (v != null) {
                cap = cap == null ? v : Math.max(cap, v);
            }
        }
        return cap;
    }

    /** How many outputs the request asks for: the larger of {@code n} and {@code best_of} (default 1). */
    private static long choices(ObjectNode json) {
        Long n = boundedLong(json, "n", 1, MAX_CHOICES);
        Long bestOf = boundedLong(json, "best_of", 1, MAX_CHOICES);
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
