package dev.spendgate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.ApiFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code POST /v1/embeddings}: one unit vector per input, {@code dimensions} long (default 8 to keep bodies
 * small), as JSON floats or, with {@code encoding_format: base64}, as base64 of little-endian float32 values, the
 * official Python SDK's default (wire/openai-embeddings*.json). Usage has {@code prompt_tokens == total_tokens}.
 * A vector depends only on the seed and its input text, so equal texts embed equally.
 */
final class OpenAiEmbeddingsSimulator implements SimEndpoint {

    static final int DEFAULT_DIMENSIONS = 8;
    private static final int MAX_DIMENSIONS = 3072;

    @Override
    public SimReply reply(SimCall call) {
        JsonNode input = call.body().path("input");
        String encoding = call.body().path("encoding_format").asText("float");
        if (call.model().isEmpty()) {
            return SimErrors.badRequest(ApiFormat.OPENAI, call.idRng(), "you must provide a model parameter", null);
        }
        if (!(input.isTextual() || input.isArray() && !input.isEmpty())) {
            return SimErrors.badRequest(ApiFormat.OPENAI, call.idRng(), "Missing required parameter: 'input'.",
                    "input");
        }
        if (!encoding.equals("float") && !encoding.equals("base64")) {
            return SimErrors.badRequest(ApiFormat.OPENAI, call.idRng(), "'" + encoding + "' is not one of"
                    + " ['float', 'base64'] - 'encoding_format'", "encoding_format");
        }
        int dimensions = Math.max(1, Math.min(MAX_DIMENSIONS, call.intField("dimensions", DEFAULT_DIMENSIONS)));
        ObjectNode body = SimJson.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        List<JsonNode> items = items(input);
        for (int i = 0; i < items.size(); i++) {
            float[] vector = vector(call.options().seed(), items.get(i).toString(), dimensions);
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (encoding.equals("base64")) {
                item.put("embedding", base64(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        int tokens = Math.max(1, SimTokens.inputs(input));
        body.put("model", call.model());
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return new SimReply.Body(200, SimHeaders.openAi(call.idRng(), SimHeaders.JSON), SimJson.pretty(body) + "\n",
                call.pacing(0), 0);
    }

    /** A string or a token array is one input; an array of strings or of token arrays is several. */
    private static List<JsonNode> items(JsonNode input) {
        List<JsonNode> items = new ArrayList<>();
        if (input.isTextual() || input.path(0).isNumber()) {
            items.add(input);
        } else {
            input.forEach(items::add);
        }
        return items;
    }

    private static float[] vector(long seed, String text, int dimensions) {
        long hash = seed;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        SplittableRandom rng = new SplittableRandom(hash);
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (rng.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    static String base64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            buffer.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
