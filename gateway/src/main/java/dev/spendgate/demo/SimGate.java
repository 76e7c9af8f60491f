package dev.spendgate.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.ApiFormat;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The checks every simulated call passes before its endpoint runs, in the order real APIs apply them:
 * authentication (401), fault injection, API version (Anthropic), then JSON parsing (400).
 */
final class SimGate {

    /** An endpoint's answer plus the fault that shapes how it is written. */
    record Answer(SimReply reply, SimFault fault) {
    }

    private final SimulatorOptions options;
    private final SimIds ids;

    SimGate(SimulatorOptions options, SimIds ids) {
        this.options = options;
        this.ids = ids;
    }

    /** {@code raw == null} means a bodyless GET: the endpoint sees an empty object. */
    Answer answer(ApiFormat format, SimEndpoint endpoint, HttpHeaders headers, @Nullable String raw) {
        SplittableRandom idRng = ids.next();
        @Nullable String key = key(format, headers);
        if (key == null || key.isBlank() || !options.apiKey().isEmpty() && !options.apiKey().equals(key)) {
            return new Answer(SimErrors.unauthorized(format, idRng, key != null && !key.isBlank()), SimFault.NONE);
        }
        SimFault fault;
        try {
            fault = SimFault.parse(headers.get(SimFault.HEADER));
            if (fault == SimFault.NONE) {
                fault = SimFault.draw(headers.get(SimFault.RATE_HEADER), idRng);
            }
        } catch (IllegalArgumentException e) {
            return new Answer(SimErrors.badRequest(format, idRng, e.getMessage(), null), SimFault.NONE);
        }
        SimReply.Body faultReply = SimErrors.forFault(format, idRng, fault);
        if (faultReply != null) {
            return new Answer(faultReply, fault);
        }
        String version = headers.get("anthropic-version");
        if (format == ApiFormat.ANTHROPIC && (version == null || version.isBlank())) {
            return new Answer(SimErrors.badRequest(format, idRng, "anthropic-version: header is required", null),
                    fault);
        }
        ObjectNode body;
        if (raw == null) {
            body = SimJson.object();
        } else {
            @Nullable ObjectNode parsed = parse(raw);
            if (parsed == null) {
                return new Answer(SimErrors.malformedJson(format, idRng), fault);
            }
            body = parsed;
        }
        SimCall call = SimCall.of(body, raw == null ? "" : raw, options, fault, idRng);
        return new Answer(endpoint.reply(call), fault);
    }

    /** The key as the format sends it: {@code Authorization: Bearer k} or {@code x-api-key: k}. */
    private static @Nullable String key(ApiFormat format, HttpHeaders headers) {
        if (format == ApiFormat.ANTHROPIC) {
            return headers.get("x-api-key");
        }
        String authorization = headers.get("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static @Nullable ObjectNode parse(String raw) {
        try {
            JsonNode node = SimJson.MAPPER.readTree(raw);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
