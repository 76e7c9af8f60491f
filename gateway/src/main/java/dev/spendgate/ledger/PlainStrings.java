package dev.spendgate.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Pre-encoded JSON strings for the ledger's low-cardinality values (labels, model and provider ids, outcomes,
 * guardrail lists), which repeat on nearly every line: a hit writes the cached bytes instead of escaping the
 * string char by char again. Direct-mapped on the string's hash ({@value #SLOTS} slots, a newer value replaces an
 * older one in its slot), so it is bounded and needs no eviction. Only "plain" strings are cached, printable
 * ASCII without {@code "} or {@code \}, whose JSON form is the string itself between quotes, so a cached value
 * writes exactly what {@link JsonGenerator#writeString(String)} would. Not thread-safe: one per writer thread.
 */
final class PlainStrings {

    private static final int SLOTS = 1024;
    /** Longer strings are not cached (bounds the memory held to about SLOTS x this many bytes, twice). */
    private static final int MAX_LENGTH = 128;

    private final String[] keys = new String[SLOTS];
    private final SerializedString[] encoded = new SerializedString[SLOTS];

    /** Writes {@code value} as a JSON string, or {@code null}. */
    void write(JsonGenerator g, @Nullable String value) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        int slot = value.hashCode() & (SLOTS - 1);
        String key = keys[slot];
        if (key != null && (key == value || key.equals(value))) {
            g.writeString(encoded[slot]);
        } else if (value.length() <= MAX_LENGTH && isPlain(value)) {
            SerializedString e = new SerializedString(value);
            keys[slot] = value;
            encoded[slot] = e;
            g.writeString(e);
        } else {
            g.writeString(value);
        }
    }

    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
