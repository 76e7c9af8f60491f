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
 * Reads usage from a non-streamed JSON response body: the top-level {@code model} (the first that is a string)
 * and {@code usage} (the first that is an object).
 *
 * <p>First the bytes are scanned in place with {@link JsonScan}: the whole top-level object is validated and the
 * two values read with no tree and no parser (a body in a heap array is read where it is; another of up to
 * 64 KiB is copied into a per-thread buffer first). When the scan declines (invalid JSON, a key given twice, a
 * count only Jackson maps exactly, a larger direct body), Jackson's streaming parser reads the body as before:
 * every value but {@code usage} is skipped with {@code skipChildren} (so a 20 MB embeddings body costs a scan, not
 * a tree) and parsing stops as soon as both are found. The scan is stricter than that path, so whenever it
 * succeeds both give the same result.
 */
public final class JsonUsageParser {

    private static final int MAX_COPY = 64 * 1024;
    private static final byte[][] TOP = JsonScan.keys("model", "usage");
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    private JsonUsageParser() {
    }

    /**
     * Parses {@code body} as a response of {@code endpoint}. Never throws: a body that is not a JSON object yields
     * null usage. Does not move the reader index and does not retain or release the buffer.
     */
    public static ParsedUsage parse(Endpoint endpoint, ByteBuf body) {
        int length = body.readableBytes();
        ParsedUsage scanned = null;
        if (body.hasArray()) {
            int from = body.arrayOffset() + body.readerIndex();
            scanned = scan(endpoint, body.array(), from, from + length);
        } else if (length <= MAX_COPY) {
            byte[] copy = SCRATCH.get();
            if (copy.length < length) {
                copy = new byte[Math.min(MAX_COPY, Math.max(length, 2 * copy.length))];
                SCRATCH.set(copy);
            }
            body.getBytes(body.readerIndex(), copy, 0, length);
            scanned = scan(endpoint, copy, 0, length);
        }
        return scanned != null ? scanned : stream(endpoint, body);
    }

    /** The usage in {@code b[from, to)}, or null to leave the body to Jackson. */
    static @Nullable ParsedUsage scan(Endpoint endpoint, byte[] b, int from, int to) {
        int start = JsonScan.ws(b, from, to);
        int[] at = new int[6];
        if (start == to || b[start] != '{' || JsonScan.objectOnce(b, start, to, TOP, at) < 0) {
            return null;
        }
        String model = JsonText.isString(b, at[0]) ? JsonText.decode(b, at[0], to) : null;
        int usage = at[1];
        if (!JsonScan.is(b, usage, '{') || !hasUsage(endpoint)) {
            return new ParsedUsage(null, model);
        }
        TokenUsage mapped = switch (endpoint) {
            case EMBEDDINGS -> UsageMapping.embeddings(b, usage, to, at);
            case RESPONSES -> UsageMapping.responses(b, usage, to, at);
            case MESSAGES -> {
                AnthropicUsage anthropic = new AnthropicUsage();
                yield anthropic.apply(b, usage, to, at) ? anthropic.toTokenUsage() : null;
            }
            default -> UsageMapping.chat(b, usage, to, at);
        };
        return mapped == null ? null : new ParsedUsage(mapped, model);
    }

    /** The endpoints whose usage object {@link #map} reads. */
    private static boolean hasUsage(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS, RESPONSES, MESSAGES -> true;
            default -> false;
        };
    }

    /** Jackson's streaming parser: the reference, for whatever the scan declines. */
    static ParsedUsage stream(Endpoint endpoint, ByteBuf body) {
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
