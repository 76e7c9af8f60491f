package dev.spendgate.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.api.Endpoint;
import dev.spendgate.metering.TokenUsage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads usage from a non-streamed JSON response body with Jackson's streaming parser. Only the top-level
 * {@code model} and {@code usage} are read; every other value is skipped with {@code skipChildren} (so a 20 MB
 * embeddings body costs a scan, not a tree) and parsing stops as soon as both are found.
 */
public final class JsonUsageParser {

    private JsonUsageParser() {
    }

    /**
     * Parses {@code body} as a response of {@code endpoint}. Never throws: a body that is not a JSON object yields
     * null usage. Does not move the reader index and does not retain or release the buffer.
     */
    public static ParsedUsage parse(Endpoint endpoint, ByteBuf body) {
        String model = null;
        JsonNode usage = null;
        try (JsonParser parser = createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return ParsedUsage.NONE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME && (model == null || usage == null)) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (model == null && "model".equals(name) && value == JsonToken.VALUE_STRING) {
                    model = parser.getText();
                } else if (usage == null && "usage".equals(name) && value == JsonToken.START_OBJECT) {
                    usage = parser.readValueAsTree();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ParsedUsage(null, model);
        }
        return new ParsedUsage(usage == null ? null : map(endpoint, usage), model);
    }

    private static JsonParser createParser(ByteBuf body) throws IOException {
        if (body.hasArray()) {
            return Json.MAPPER.createParser(body.array(), body.arrayOffset() + body.readerIndex(),
                    body.readableBytes());
        }
        // A duplicate has its own indices over the same bytes: reading it leaves the caller's buffer untouched.
        InputStream in = new ByteBufInputStream(body.duplicate(), false);
        return Json.MAPPER.createParser(in);
    }

    private static @Nullable TokenUsage map(Endpoint endpoint, JsonNode usage) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS, COMPLETIONS -> UsageMapping.chat(usage);
            case EMBEDDINGS -> UsageMapping.embeddings(usage);
            case RESPONSES -> UsageMapping.responses(usage);
            case MESSAGES -> {
                AnthropicUsage anthropic = new AnthropicUsage();
                anthropic.apply(usage);
                yield anthropic.toTokenUsage();
            }
            default -> null;
        };
    }
}
