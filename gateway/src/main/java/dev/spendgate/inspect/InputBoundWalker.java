package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spendgate.metering.InputTokenBounds;
import java.io.IOException;

/**
 * Walks the values of the counted top-level fields during the streaming pass and adds up what the input-token
 * bound needs beyond their bytes (see {@link InputTokenBounds}): framing per message or input item, a fixed amount
 * per image or document object, slack per decimal number. Strings are skipped, never decoded, except the short
 * values of {@code type} keys.
 */
final class InputBoundWalker {

    /** Tokens beyond the counted bytes. */
    long extra;
    /** Whether an object of a document type was seen (its data is charged by length). */
    boolean documents;

    /** Walks the value of the counted top-level field {@code field}, from its first token to its last. */
    void field(JsonParser p, String field) throws IOException {
        long perElement = InputTokenBounds.perElement(field);
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                extra += perElement;
                value(p, t);
            }
        } else if (t == JsonToken.START_OBJECT) {
            object(p, perElement); // iterating a JSON object visits its values, like an array's elements
        } else {
            if (t == JsonToken.VALUE_STRING && perElement == InputTokenBounds.PER_INPUT_ITEM) {
                extra += perElement; // a string input is one user message
            }
            value(p, t);
        }
    }

    private void value(JsonParser p, JsonToken token) throws IOException {
        JsonToken t = token;
        if (t == JsonToken.START_OBJECT) {
            object(p, 0);
        } else if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                value(p, t);
            }
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            JsonTokens.checkDecimal(p);
            extra += InputTokenBounds.FLOAT_SLACK;
        }
    }

    private void object(JsonParser p, long perField) throws IOException {
        boolean media = false;
        String name;
        while ((name = p.nextFieldName()) != null) {
            extra += perField;
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING && name.equals("type")) {
                String type = p.getText();
                media |= InputTokenBounds.media(type);
                documents |= InputTokenBounds.document(type);
            } else {
                value(p, t);
            }
        }
        if (media) {
            extra += InputTokenBounds.PER_MEDIA;
        }
    }
}
