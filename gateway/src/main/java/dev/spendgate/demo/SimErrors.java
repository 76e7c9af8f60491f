package dev.spendgate.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.ApiFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Error answers in each provider's own body format: OpenAI {@code {"error":{message,type,param,code}}}
 * (OAS {@code Error}, wire/openai-error-*.json) and Anthropic {@code {"type":"error","error":{type,message},
 * "request_id":...}} (wire/anthropic-error-*.json).
 */
final class SimErrors {

    private SimErrors() {
    }

    static SimReply.Body openAi(SplittableRandom idRng, int status, String message, String type,
                                @Nullable String param, @Nullable String code) {
        ObjectNode error = SimJson.object();
        error.put("message", message).put("type", type).put("param", param).put("code", code);
        ObjectNode body = SimJson.object();
        body.set("error", error);
        Map<String, String> headers = SimHeaders.openAi(idRng, SimHeaders.JSON);
        return new SimReply.Body(status, headers, SimJson.pretty4(body) + "\n", SimPacing.IMMEDIATE, 0);
    }

    static SimReply.Body anthropic(SplittableRandom idRng, int status, String type, String message) {
        Map<String, String> headers = SimHeaders.anthropic(idRng, SimHeaders.JSON);
        ObjectNode error = SimJson.object();
        error.put("type", type).put("message", message);
        ObjectNode body = SimJson.object();
        body.put("type", "error");
        body.set("error", error);
        body.put("request_id", headers.get("request-id"));
        return new SimReply.Body(status, headers, SimJson.compact(body), SimPacing.IMMEDIATE, 0);
    }

    /** 400 invalid_request_error in the endpoint's format. */
    static SimReply.Body badRequest(ApiFormat format, SplittableRandom idRng, String message,
                                    @Nullable String param) {
        return format == ApiFormat.OPENAI
                ? openAi(idRng, 400, message, "invalid_request_error", param, null)
                : anthropic(idRng, 400, "invalid_request_error", message);
    }

    static SimReply.Body malformedJson(ApiFormat format, SplittableRandom idRng) {
        return format == ApiFormat.OPENAI
                ? openAi(idRng, 400, "We could not parse the JSON body of your request. (HINT: This likely means"
                        + " you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload,"
                        + " but what was sent was not valid JSON.)", "invalid_request_error", null, null)
                : anthropic(idRng, 400, "invalid_request_error",
                        "There was an issue with the formatting or parsing of the request body.");
    }

    /** 401: no key, or not the configured key. */
    static SimReply.Body unauthorized(ApiFormat format, SplittableRandom idRng, boolean keyPresent) {
        if (format == ApiFormat.ANTHROPIC) {
            return anthropic(idRng, 401, "authentication_error", "invalid x-api-key");
        }
        return keyPresent
                ? openAi(idRng, 401, "Incorrect API key provided. You can find your API key at"
                        + " https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
                        "invalid_api_key")
                : openAi(idRng, 401, "You didn't provide an API key. You need to provide your API key in an"
                        + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                        "invalid_request_error", null, null);
    }

    static SimReply.Body notFound(ApiFormat format, SplittableRandom idRng, String method, String path) {
        return format == ApiFormat.OPENAI
                ? openAi(idRng, 404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error",
                        null, null)
                : anthropic(idRng, 404, "not_found_error", "Not Found");
    }

    /** The answer for a status fault, or null when the fault is not a status fault. */
    static SimReply.@Nullable Body forFault(ApiFormat format, SplittableRandom idRng, SimFault fault) {
        boolean openAi = format == ApiFormat.OPENAI;
        SimReply.Body reply;
        switch (fault) {
            case SERVER_ERROR -> reply = openAi
                    ? openAi(idRng, 500, "The server had an error while processing your request. Sorry about"
                            + " that!", "server_error", null, null)
                    : anthropic(idRng, 500, "api_error", "Internal server error");
            case RATE_LIMITED -> {
                reply = openAi
                        ? openAi(idRng, 429, "Rate limit reached for requests (simulated). Please try again in"
                                + " 3.572s.", "tokens", null, "rate_limit_exceeded")
                        : anthropic(idRng, 429, "rate_limit_error", "This request would exceed the rate limit"
                                + " for your organization (simulated).");
                if (openAi) {
                    SimHeaders.openAiRateLimited(reply.headers());
                } else {
                    SimHeaders.anthropicRateLimited(reply.headers());
                }
            }
            case OVERLOADED -> reply = openAi
                    ? openAi(idRng, 503, "The server is overloaded or not ready yet.", "server_error", null, null)
                    : anthropic(idRng, 529, "overloaded_error", "Overloaded");
            default -> reply = null;
        }
        return reply;
    }
}
