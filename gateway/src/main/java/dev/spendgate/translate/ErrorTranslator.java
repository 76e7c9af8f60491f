package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Provider error bodies (4xx/5xx) in the client's error format, keeping the provider's message. The HTTP status
 * is the caller's to keep: both SDKs pick their exception class from the status, the body only fills it in. A
 * body that is not the provider's JSON error shape (an HTML page from a proxy) becomes a generic message that
 * names the status.
 */
public final class ErrorTranslator {

    private static final int MAX_RAW_CHARS = 500;

    private ErrorTranslator() {
    }

    /** An Anthropic error body as an OpenAI {@code {"error":{message,type,param,code}}} body. */
    public static byte[] anthropicToOpenAi(byte[] body, int status) {
        JsonNode error = errorObject(body);
        String type = error == null ? "" : error.path("type").asText();
        ObjectNode out = Json.object();
        ObjectNode inner = out.putObject("error").put("message", message(error, body, status));
        OpenAiType mapped = OpenAiType.of(type, status);
        inner.put("type", mapped.type()).putNull("param");
        if (mapped.code() == null) {
            inner.putNull("code");
        } else {
            inner.put("code", mapped.code());
        }
        return Json.bytes(out);
    }

    /** An OpenAI error body as an Anthropic {@code {"type":"error","error":{type,message}}} body. */
    public static byte[] openAiToAnthropic(byte[] body, int status) {
        JsonNode error = errorObject(body);
        ObjectNode out = Json.object().put("type", "error");
        out.putObject("error").put("type", anthropicType(status)).put("message", message(error, body, status));
        return Json.bytes(out);
    }

    /** Anthropic's error type for a status, as its API documents the pairs. */
    static String anthropicType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** The {@code error} object of either format, or null. */
    static @Nullable JsonNode errorObject(byte[] body) {
        JsonNode root = Json.parse(body);
        JsonNode error = root == null ? null : root.get("error");
        return error != null && error.isObject() ? error : null;
    }

    private static String message(@Nullable JsonNode error, byte[] body, int status) {
        if (error != null && error.path("message").isTextual()) {
            return error.get("message").asText();
        }
        String raw = new String(body, StandardCharsets.UTF_8).strip();
        if (raw.length() > MAX_RAW_CHARS) {
            raw = raw.substring(0, MAX_RAW_CHARS) + "...";
        }
        return "Upstream provider error (HTTP " + status + ")" + (raw.isEmpty() ? "" : ": " + raw);
    }

    /** OpenAI's {@code error.type} and {@code error.code} for an Anthropic error type. */
    private record OpenAiType(String type, @Nullable String code) {

        static OpenAiType of(String anthropicType, int status) {
            return switch (anthropicType) {
                case "invalid_request_error", "not_found_error" -> new OpenAiType("invalid_request_error", null);
                case "request_too_large" -> new OpenAiType("invalid_request_error", "request_too_large");
                case "authentication_error" -> new OpenAiType("authentication_error", "invalid_api_key");
                case "permission_error" -> new OpenAiType("permission_error", null);
                // OpenAI's own 429s say "requests" or "tokens"; Anthropic does not say which limit was hit
                case "rate_limit_error" -> new OpenAiType("requests", "rate_limit_exceeded");
                case "overloaded_error" -> new OpenAiType("server_error", "overloaded");
                case "timeout_error" -> new OpenAiType("server_error", "timeout");
                default -> new OpenAiType(status >= 500 || status == 0 ? "server_error" : "invalid_request_error",
                        null);
            };
        }
    }
}
