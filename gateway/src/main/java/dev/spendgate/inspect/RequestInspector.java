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
        return new ClientRequest(json, body, model, stream, includeUsage, outputCap(json));
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
        for (String field : new String[] {"max_completion_tokens", "max_tokens", "max_output_tokens"}) {
            JsonNode v = json.get(field);
            if (v != null && v.isIntegralNumber()) {
                return v.longValue();
            }
        }
        return null;
    }
}
