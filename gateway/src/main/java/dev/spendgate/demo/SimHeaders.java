package dev.spendgate.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Response headers as each provider sends them (wire/*.headers.txt): content type, request id, versions. */
final class SimHeaders {

    static final String JSON = "application/json";
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private SimHeaders() {
    }

    static Map<String, String> openAi(SplittableRandom idRng, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        headers.put("x-request-id", "req_" + SimIds.hex(idRng, 32));
        headers.put("openai-processing-ms", String.valueOf(20 + idRng.nextInt(400)));
        headers.put("openai-version", "2020-10-01");
        return headers;
    }

    static Map<String, String> anthropic(SplittableRandom idRng, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        headers.put("request-id", anthropicRequestId(idRng));
        return headers;
    }

    static String anthropicRequestId(SplittableRandom idRng) {
        return "req_011C" + SimIds.alnum(idRng, 20);
    }

    /** The 429 headers of wire/openai-error-429.headers.txt; {@code retry-after} in seconds. */
    static void openAiRateLimited(Map<String, String> headers) {
        headers.put("x-ratelimit-limit-requests", "500");
        headers.put("x-ratelimit-limit-tokens", "30000");
        headers.put("x-ratelimit-remaining-requests", "499");
        headers.put("x-ratelimit-remaining-tokens", "0");
        headers.put("x-ratelimit-reset-requests", "120ms");
        headers.put("x-ratelimit-reset-tokens", "3.572s");
        headers.put("retry-after", "4");
    }

    /** The 429 headers of wire/anthropic-error-429.headers.txt. */
    static void anthropicRateLimited(Map<String, String> headers) {
        headers.put("retry-after", "6");
        headers.put("x-should-retry", "true");
        headers.put("anthropic-ratelimit-input-tokens-limit", "30000");
        headers.put("anthropic-ratelimit-input-tokens-remaining", "0");
    }
}
