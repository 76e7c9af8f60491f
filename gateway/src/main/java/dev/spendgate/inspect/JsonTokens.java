package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Token-level helpers of the streaming pass over a request body. */
final class JsonTokens {

    private JsonTokens() {
    }

    /** Byte offset of the current token's first byte in the body. */
    static int offset(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    /**
     * Moves past the value at the current token (to its last token), checking decimals as {@link #checkDecimal}
     * does. Like {@link JsonParser#skipChildren()}, which cannot check them.
     */
    static void skip(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            checkDecimal(p);
            return;
        }
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            t = p.nextToken();
            if (t == null) {
                throw new IOException("unexpected end of a JSON value"); // the parser reports this itself first
            }
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                checkDecimal(p);
            }
        }
    }

    /**
     * Decodes the current decimal number when it has an exponent. The tree decodes every decimal into an exact
     * {@code BigDecimal}, which fails (a {@code NumberFormatException}) only when the exponent is out of
     * {@code int} range, e.g. {@code 1e99999999999}: decoding those too makes the pass fail exactly where the tree
     * would, while a plain {@code 0.7} costs nothing.
     */
    static void checkDecimal(JsonParser p) throws IOException {
        char[] text = p.getTextCharacters();
        int end = p.getTextOffset() + p.getTextLength();
        for (int i = p.getTextOffset(); i < end; i++) {
            if (text[i] == 'e' || text[i] == 'E') {
                p.getDecimalValue();
                return;
            }
        }
    }

    /** Offset just past the scalar value of {@code token} that starts at {@code start} in valid JSON. */
    static int scalarEnd(byte[] raw, int start, JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> stringEnd(raw, start);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> numberEnd(raw, start);
            case VALUE_TRUE, VALUE_NULL -> start + 4;
            case VALUE_FALSE -> start + 5;
            default -> throw new IllegalArgumentException("not a scalar: " + token);
        };
    }

    private static int stringEnd(byte[] raw, int start) {
        int i = start + 1;
        while (raw[i] != '"') {
            i += raw[i] == '\\' ? 2 : 1; // an escape's second byte is never the closing quote
        }
        return i + 1;
    }

    private static int numberEnd(byte[] raw, int start) {
        int i = start;
        while (i < raw.length && isNumberByte(raw[i])) {
            i++;
        }
        return i;
    }

    private static boolean isNumberByte(byte b) {
        return b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }
}
