package dev.spendgate.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * An error the gateway itself answers with, rendered in the error format of the API the client called, so the
 * official SDK of that API raises its usual typed exception.
 *
 * <ul>
 *   <li>OpenAI: {@code {"error":{"message":..,"type":..,"param":..,"code":..}}} (OpenAPI {@code Error}).</li>
 *   <li>Anthropic: {@code {"type":"error","error":{"type":..,"message":..}}} (Anthropic error shapes).</li>
 * </ul>
 *
 * @param status        HTTP status
 * @param openAiType    OpenAI {@code error.type}, e.g. {@code invalid_request_error}
 * @param code          OpenAI {@code error.code}, e.g. {@code model_not_found}; null for none
 * @param param         OpenAI {@code error.param}, e.g. {@code model}; null for none
 * @param anthropicType Anthropic {@code error.type}, e.g. {@code not_found_error}
 * @param message       what went wrong and how to fix it; never contains secrets
 */
public record ApiError(
        int status,
        String openAiType,
        @Nullable String code,
        @Nullable String param,
        String anthropicType,
        String message) {

    private static final JsonFactory JSON = new JsonFactory();

    /** 400 for a request the client must fix. */
    public static ApiError invalidRequest(String code, @Nullable String param, String message) {
        return new ApiError(400, "invalid_request_error", code, param, "invalid_request_error", message);
    }

    /** The JSON body of this error in the given format. */
    public byte[] body(ApiFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 + message.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (format == ApiFormat.ANTHROPIC) {
                g.writeStringField("type", "error");
                g.writeObjectFieldStart("error");
                g.writeStringField("type", anthropicType);
                g.writeStringField("message", message);
                g.writeEndObject();
            } else {
                g.writeObjectFieldStart("error");
                g.writeStringField("message", message);
                g.writeStringField("type", openAiType);
                writeNullable(g, "param", param);
                writeNullable(g, "code", code);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A mid-stream error event in the SSE dialect of the endpoint, sent when a stream breaks after the response
     * started: the client's SDK then raises an error instead of seeing a clean (truncated) end.
     */
    public byte[] sseEvent(Endpoint endpoint) {
        String json = new String(body(endpoint.format()), java.nio.charset.StandardCharsets.UTF_8);
        String frame = switch (endpoint) {
            case MESSAGES -> "event: error\ndata: " + json + "\n\n";
            case RESPONSES -> "event: error\ndata: " + responsesError() + "\n\n";
            default -> "data: " + json + "\n\n";
        };
        return frame.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private String responsesError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + message.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "error");
            writeNullable(g, "code", code == null ? openAiType : code);
            g.writeStringField("message", message);
            g.writeNullField("param");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeNullable(JsonGenerator g, String field, @Nullable String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }
}
