package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One field the streaming pass reads: its value as a tree would keep it (the last occurrence wins), where that
 * value lies in the body, and how often the key occurred. Filled during the pass, read-only afterwards.
 */
final class ScannedField {

    /** The value's first token. */
    JsonToken token = JsonToken.VALUE_NULL;
    /** Offset of the value's first byte. */
    int start;
    /** For an object value: offset of its closing brace; unused otherwise. */
    int close;
    /** Occurrences of the key in its object (more than one: a tree keeps only the last). */
    int occurrences;
    /** A string value. */
    @Nullable String text;
    /** An integer value, when {@link #fitsLong}. */
    long number;
    /** Whether an integer value fits a long (a tree keeps a larger one as a BigInteger). */
    boolean fitsLong;

    /** Reads the value at the current token (a string or integer is decoded; the rest is left to the caller). */
    static ScannedField read(JsonParser p, @Nullable ScannedField previous) throws IOException {
        ScannedField f = previous == null ? new ScannedField() : previous;
        f.occurrences++;
        f.token = p.currentToken();
        f.start = JsonTokens.offset(p);
        f.text = f.token == JsonToken.VALUE_STRING ? p.getText() : null;
        f.fitsLong = f.token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
        f.number = f.fitsLong ? p.getLongValue() : 0;
        return f;
    }

    /** Whether the value is absent or JSON null (a tree's {@code get} is null or {@code isNull()}). */
    static boolean isUnset(@Nullable ScannedField f) {
        return f == null || f.token == JsonToken.VALUE_NULL;
    }

    /** Offset just past a scalar value, or past the closing brace of an object value. */
    int end(byte[] raw) {
        return token == JsonToken.START_OBJECT ? close + 1 : JsonTokens.scalarEnd(raw, start, token);
    }
}
