package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spendgate.metering.InputTokenBounds;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One streaming pass over a request body ({@link JsonParser}, no tree): the top-level fields the gateway acts on,
 * where they lie in the bytes (for {@link BodyRewriter}'s splicing), and the input-token bound. Everything else is
 * skipped token by token, strings undecoded. The parser is the tree's (same factory, same constraints), so a body
 * passes exactly when the tree parse would; a body it refuses is handed to the tree parse for its error message.
 */
final class RequestScan {

    @Nullable ScannedField model;
    @Nullable ScannedField stream;
    @Nullable ScannedField streamOptions;
    /** {@code include_usage} of the last {@code stream_options} object. */
    @Nullable ScannedField includeUsage;
    /** Keys in the last {@code stream_options} object. */
    int streamOptionsKeys;
    /** The output-cap fields, in the order of {@link BodyRewriter#CAP_FIELDS}. */
    final @Nullable ScannedField[] caps = new ScannedField[BodyRewriter.CAP_FIELDS.length];
    @Nullable ScannedField n;
    @Nullable ScannedField bestOf;
    @Nullable ScannedField background;
    /** Keys in the body's object. */
    int rootKeys;
    /** Offset of the body object's closing brace. */
    int rootClose;
    /** Whether the offsets refer to the bytes the request carries (false for a body re-serialised from a tree). */
    boolean spliceable = true;
    /** Upper bound of the input tokens of any endpoint's estimate. */
    long inputTokenBound;

    private RequestScan() {
    }

    /**
     * Scans {@code body}; null when it is not a single JSON object (the tree parse then says why).
     *
     * @throws IOException           when the body is not valid JSON
     * @throws NumberFormatException when a decimal's exponent is out of range (as the tree parse throws)
     */
    static @Nullable RequestScan of(byte[] body) throws IOException {
        try (JsonParser p = RequestInspector.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            RequestScan scan = new RequestScan();
            scan.root(p);
            return p.nextToken() == null ? scan : null; // a trailing token fails the tree parse
        }
    }

    private void root(JsonParser p) throws IOException {
        InputBoundWalker walker = new InputBoundWalker();
        long counted = 0;
        int pendingScalar = -1; // a counted scalar value ends where the next key (or the closing brace) starts
        String name;
        while ((name = p.nextFieldName()) != null) {
            if (pendingScalar >= 0) {
                counted += JsonTokens.offset(p) - pendingScalar;
                pendingScalar = -1;
            }
            rootKeys++;
            JsonToken t = p.nextToken();
            if (InputTokenBounds.counted(name)) {
                int start = JsonTokens.offset(p);
                walker.field(p, name);
                if (t.isStructStart()) {
                    counted += JsonTokens.offset(p) + 1 - start;
                } else {
                    pendingScalar = start;
                }
            } else {
                field(p, name);
            }
        }
        rootClose = JsonTokens.offset(p);
        if (pendingScalar >= 0) {
            counted += rootClose - pendingScalar;
        }
        inputTokenBound = counted + walker.extra + InputTokenBounds.REPLY_PRIMING
                + (walker.documents ? counted / 3 : 0);
    }

    private void field(JsonParser p, String name) throws IOException {
        switch (name) {
            case "model" -> model = ScannedField.read(p, model);
            case "stream" -> stream = ScannedField.read(p, stream);
            case "stream_options" -> streamOptions(p);
            case "max_completion_tokens" -> caps[0] = ScannedField.read(p, caps[0]);
            case "max_tokens" -> caps[1] = ScannedField.read(p, caps[1]);
            case "max_output_tokens" -> caps[2] = ScannedField.read(p, caps[2]);
            case "n" -> n = ScannedField.read(p, n);
            case "best_of" -> bestOf = ScannedField.read(p, bestOf);
            case "background" -> background = ScannedField.read(p, background);
            default -> {
                // not read
            }
        }
        JsonTokens.skip(p); // a container value (a wrong type, or not read): past its end
    }

    /** A later {@code stream_options} replaces an earlier one entirely, as in a tree. */
    private void streamOptions(JsonParser p) throws IOException {
        streamOptions = ScannedField.read(p, streamOptions);
        includeUsage = null;
        streamOptionsKeys = 0;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            streamOptionsKeys++;
            p.nextToken();
            if (name.equals("include_usage")) {
                includeUsage = ScannedField.read(p, includeUsage);
            }
            JsonTokens.skip(p);
        }
        streamOptions.close = JsonTokens.offset(p);
    }

    /** Marks a scan of other bytes than the request's (a tree's serialisation): no splicing. */
    RequestScan unspliceable() {
        spliceable = false;
        return this;
    }
}
