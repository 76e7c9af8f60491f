package dev.spendgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsSimulatorTest {

    private static SimulatedProvider provider;
    private static SimClient client;

    @BeforeAll
    static void start() {
        provider = SimulatedProvider.start(SimulatorOptions.fast());
        client = new SimClient(provider.anthropicBaseUrl());
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    private static JsonNode embed(ObjectNode body) {
        return client.post("/v1/embeddings", body.toString(), SimClient.openAi()).json();
    }

    private static ObjectNode request(String encoding) {
        ObjectNode body = SimJson.object().put("model", "text-embedding-3-small");
        body.putArray("input").add("The food was delicious").add("and the waiter was friendly.");
        return body.put("encoding_format", encoding);
    }

    @Test
    void floatEmbeddingsDefaultToEightDimensionsAndPromptEqualsTotal() {
        JsonNode json = embed(request("float"));

        assertThat(json.path("data")).hasSize(2);
        assertThat(json.path("data").path(1).path("index").asInt()).isEqualTo(1);
        assertThat(json.path("data").path(0).path("embedding")).hasSize(8);
        assertThat(json.path("usage").path("prompt_tokens").asInt()).isEqualTo(13)
                .isEqualTo(json.path("usage").path("total_tokens").asInt());
    }

    @Test
    void base64EmbeddingDecodesToDimensionsLittleEndianFloatsEqualToFloatEncoding() {
        JsonNode floats = embed(request("float").put("dimensions", 16));
        JsonNode base64 = embed(request("base64").put("dimensions", 16));

        byte[] bytes = Base64.getDecoder().decode(base64.path("data").path(0).path("embedding").asText());
        assertThat(bytes).hasSize(16 * Float.BYTES);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double norm = 0;
        for (int i = 0; i < 16; i++) {
            float value = buffer.getFloat();
            norm += value * value;
            assertThat(value).isEqualTo(floats.path("data").path(0).path("embedding").path(i).floatValue());
        }
        assertThat(norm).as("unit vectors, like OpenAI's").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void unknownEncodingIsRejectedInOpenAiFormat() {
        SimClient.Reply reply = client.post("/v1/embeddings", request("hex").toString(), SimClient.openAi());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("param").asText()).isEqualTo("encoding_format");
    }
}
