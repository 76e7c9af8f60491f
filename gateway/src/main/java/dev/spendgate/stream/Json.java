package dev.spendgate.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/**
 * The stream packages' shared Jackson mapper (thread-safe once configured) and a parse of an SSE event's data that
 * never throws (usage extractors here, stream translators in {@code dev.spendgate.translate}).
 */
public final class Json {

    /** Trees ignore unknown fields by construction; no configuration needed. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The JSON object in {@code text}, or null when it is not a JSON object (malformed, cut, {@code [DONE]}). */
    public static @Nullable JsonNode parseObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
