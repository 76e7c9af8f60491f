package dev.spendgate.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * JSON building and printing in the providers' own layouts. OpenAI pretty-prints non-stream bodies with two
 * spaces, {@code "key": value} and {@code []} for empty arrays (wire/openai-chat.json); its error bodies use four
 * spaces (wire/openai-error-500.json). Stream events and all Anthropic bodies are compact. Node objects keep
 * insertion order, so the order of {@code put} calls is the wire field order.
 */
final class SimJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writer(printer("  "));
    private static final ObjectWriter PRETTY_4 = MAPPER.writer(printer("    "));

    private SimJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** One line, no spaces: stream events and Anthropic bodies. */
    static String compact(JsonNode node) {
        return write(COMPACT, node);
    }

    /** OpenAI's non-stream response layout. */
    static String pretty(JsonNode node) {
        return write(PRETTY, node);
    }

    /** OpenAI's error body layout. */
    static String pretty4(JsonNode node) {
        return write(PRETTY_4, node);
    }

    private static String write(ObjectWriter writer, JsonNode node) {
        try {
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DefaultPrettyPrinter printer(String indent) {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter(indent, "\n");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }
}
