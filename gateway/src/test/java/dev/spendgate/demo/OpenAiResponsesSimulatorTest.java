package dev.spendgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenAiResponsesSimulatorTest {

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

    private static ObjectNode request(String model, boolean stream) {
        ObjectNode body = SimJson.object().put("model", model).put("instructions", "You are a terse assistant.")
                .put("input", SimRequests.text(1200)).put("max_output_tokens", 2048);
        return stream ? body.put("stream", true) : body;
    }

    @Test
    void nonStreamResponseCarriesUsageThatAddsUp() {
        JsonNode json = client.post("/v1/responses", request("gpt-5-mini", false).toString(), SimClient.openAi())
                .json();

        assertThat(json.path("object").asText()).isEqualTo("response");
        assertThat(json.path("status").asText()).isEqualTo("completed");
        JsonNode usage = json.path("usage");
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("input_tokens").asInt() + usage.path("output_tokens").asInt());
        assertThat(usage.path("input_tokens_details").path("cached_tokens").asInt()).isGreaterThanOrEqualTo(1024);
        assertThat(usage.path("output_tokens_details").path("reasoning_tokens").asInt()).isPositive();
        assertThat(json.path("output").path(0).path("type").asText()).isEqualTo("reasoning");
        assertThat(json.path("output").path(1).path("content").path(0).path("text").asText()).isNotBlank();
    }

    @Test
    void nonReasoningModelHasNoReasoningItem() {
        JsonNode json = client.post("/v1/responses", request("gpt-4o-mini", false).toString(), SimClient.openAi())
                .json();

        assertThat(json.path("output")).hasSize(1);
        assertThat(json.path("usage").path("output_tokens_details").path("reasoning_tokens").asInt()).isZero();
        assertThat(json.path("reasoning").path("effort").isNull()).isTrue();
    }

    @Test
    void streamNumbersEventsAndEndsWithCompletedUsageWithoutDone() {
        SimClient.Reply reply = client.post("/v1/responses", request("gpt-5-mini", true).toString(),
                SimClient.openAi());
        List<SimClient.Sse> events = reply.events();

        assertThat(reply.body()).doesNotContain("[DONE]");
        List<String> deltas = new ArrayList<>();
        String doneText = null;
        for (int i = 0; i < events.size(); i++) {
            JsonNode data = events.get(i).json();
            assertThat(data.path("sequence_number").asInt()).isEqualTo(i);
            assertThat(data.path("type").asText()).isEqualTo(events.get(i).event());
            if ("response.output_text.delta".equals(events.get(i).event())) {
                deltas.add(data.path("delta").asText());
            } else if ("response.output_text.done".equals(events.get(i).event())) {
                doneText = data.path("text").asText();
            }
        }
        assertThat(String.join("", deltas)).isEqualTo(doneText);
        assertThat(events.get(0).event()).isEqualTo("response.created");
        assertThat(events.get(0).json().path("response").path("usage").isNull()).isTrue();
        SimClient.Sse last = events.get(events.size() - 1);
        assertThat(last.event()).isEqualTo("response.completed");
        JsonNode usage = last.json().path("response").path("usage");
        assertThat(usage.path("output_tokens").asInt())
                .isEqualTo(deltas.size() + usage.path("output_tokens_details").path("reasoning_tokens").asInt());
        assertThat(events.stream().filter(e -> e.data().contains("\"usage\":{"))).hasSize(1);
    }

    @Test
    void streamHittingMaxOutputTokensEndsIncomplete() {
        ObjectNode body = request("gpt-4o", true).put("max_output_tokens", 1);
        List<SimClient.Sse> events = client.post("/v1/responses", body.toString(), SimClient.openAi()).events();

        JsonNode last = events.get(events.size() - 1).json();
        assertThat(last.path("type").asText()).isEqualTo("response.incomplete");
        assertThat(last.path("response").path("incomplete_details").path("reason").asText())
                .isEqualTo("max_output_tokens");
        assertThat(last.path("response").path("usage").path("output_tokens").asInt()).isEqualTo(1);
    }
}
