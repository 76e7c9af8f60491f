package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields the gateway acts on from a client request body in one streaming pass ({@link RequestScan}),
 * without building a tree. Numbers are kept as exact decimals wherever a tree is built, so a rewritten body
 * carries the client's values unchanged (0.7 stays 0.7, never 0.69999...).
 *
 * <p>Validation is the tree's: a body is accepted exactly when {@code MAPPER.readTree} accepts it (same parser,
 * same constraints, trailing tokens refused), a body the pass refuses is parsed as a tree for the same error
 * message, and field values are checked after the whole body was read, in a fixed order, with the last of
 * duplicate keys winning, as a tree keeps them.
 */
public final class RequestInspector {

    /** Shared mapper for request bodies: exact decimals, trees only. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** No string of a body this long or shorter can exceed the parser's string limit (checked only on decoding). */
    private static final long MAX_UNCHECKED_BODY = MAPPER.getFactory().streamReadConstraints().getMaxStringLength();

    private RequestInspector() {
    }

    /**
     * Reads {@code body}.
     *
     * @throws InvalidRequestException when the body is not a JSON object or a field has the wrong type
     */
    public static ClientRequest inspect(byte[] body) {
        RequestScan scan;
        try {
            scan = RequestScan.of(body);
        } catch (IOException | NumberFormatException e) {
            scan = null;
        }
        ObjectNode tree = null;
        if (scan == null || body.length > MAX_UNCHECKED_BODY) {
            tree = parse(body); // the tree's error for a body the pass refused; the string limit of a huge body
            if (scan == null) {
                scan = rescan(tree);
            }
        }
        String model = text(scan.model, "model");
        boolean stream = bool(scan.stream, "stream");
        ScannedField options = scan.streamOptions;
        if (!ScannedField.isUnset(options) && options.token != JsonToken.START_OBJECT) {
            throw new InvalidRequestException("stream_options", "'stream_options' must be an object.");
        }
        boolean includeUsage = !ScannedField.isUnset(options) && bool(scan.includeUsage, "include_usage");
        return new ClientRequest(body, scan, tree, model, stream, includeUsage, outputCap(scan), choices(scan));
    }

    /** The tree of a body that {@link #inspect} accepted. */
    static ObjectNode tree(byte[] body) {
        try {
            return (ObjectNode) MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("an inspected request body no longer parses", e);
        }
    }

    private static ObjectNode parse(byte[] body) {
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
        return json;
    }

    /**
     * The scan of a body the tree accepted but the pass did not: never expected, since both read the same tokens
     * with the same parser. The tree's serialisation is scanned instead (its bound holds for the same tree); its
     * offsets are not the body's, so rewrites go through the tree.
     */
    private static RequestScan rescan(ObjectNode tree) {
        try {
            RequestScan scan = RequestScan.of(MAPPER.writeValueAsBytes(tree));
            if (scan == null) {
                throw new IllegalStateException("a serialised request tree does not scan");
            }
            return scan.unspliceable();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static @Nullable String text(@Nullable ScannedField f, String field) {
        if (ScannedField.isUnset(f)) {
            return null;
        }
        if (f.token != JsonToken.VALUE_STRING) {
            throw new InvalidRequestException(field, "'" + field + "' must be a string.");
        }
        return f.text;
    }

    private static boolean bool(@Nullable ScannedField f, String field) {
        if (ScannedField.isUnset(f)) {
            return false;
        }
        if (f.token != JsonToken.VALUE_TRUE && f.token != JsonToken.VALUE_FALSE) {
            throw new InvalidRequestException(field, "'" + field + "' must be a boolean.");
        }
        return f.token == JsonToken.VALUE_TRUE;
    }

    /** No model produces more; a larger cap is a client error (and would overflow worst-case arithmetic). */
    static final long MAX_OUTPUT_CAP = 10_000_000L;
    /** Most choices a request may ask for ({@code n}, {@code best_of}). */
    static final long MAX_CHOICES = 128;

    /**
     * The output cap per choice: the largest of the cap fields present (a request may carry both
     * {@code max_tokens} and {@code max_completion_tokens}; the worst case is the larger), or null when none.
     */
    private static @Nullable Long outputCap(RequestScan scan) {
        Long cap = null;
        for (int i = 0; i < BodyRewriter.CAP_FIELDS.length; i++) {
            Long v = boundedLong(scan.caps[i], BodyRewriter.CAP_FIELDS[i], 0, MAX_OUTPUT_CAP);
            if (v != null) {
                cap = cap == null ? v : Math.max(cap, v);
            }
        }
        return cap;
    }

    /** How many outputs the request asks for: the larger of {@code n} and {@code best_of} (default 1). */
    private static long choices(RequestScan scan) {
        Long n = boundedLong(scan.n, "n", 1, MAX_CHOICES);
        Long bestOf = boundedLong(scan.bestOf, "best_of", 1, MAX_CHOICES);
        return Math.max(n == null ? 1 : n, bestOf == null ? 1 : bestOf);
    }

    private static @Nullable Long boundedLong(@Nullable ScannedField f, String field, long min, long max) {
        if (ScannedField.isUnset(f)) {
            return null;
        }
        if (f.token != JsonToken.VALUE_NUMBER_INT || !f.fitsLong || f.number < min || f.number > max) {
            throw new InvalidRequestException(field, "'" + field + "' must be an integer from " + min + " to "
                    + max + ".");
        }
        return f.number;
    }
}
