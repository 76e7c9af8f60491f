package dev.spendgate.metering;

import static dev.spendgate.metering.EstimatorFixtures.EST;
import static dev.spendgate.metering.EstimatorFixtures.JSON;
import static dev.spendgate.metering.EstimatorFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.api.Endpoint;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RequestShapesEstimateTest {

    private static long tokens(String model, String text) {
        return EST.countText(model, text);
    }

    @Test
    void responsesCountsInstructionsAndStringInputAsOneMessage() throws IOException {
        long n = EST.estimateInput(Endpoint.RESPONSES, "gpt-5-mini", wire("openai-responses-request.json"));

        assertThat(n).isEqualTo(tokens("gpt-5-mini", "You are a terse assistant.")
                + 3 + tokens("gpt-5-mini", "Name the three primary colors of light.") + 3);
    }

    @Test
    void responsesCountsMessageItemsAndToolCallItems() throws IOException {
        JsonNode body = JSON.readTree("""
                {"input": [
                  {"role": "user", "content": [{"type": "input_text", "text": "Weather in Paris?"}]},
                  {"type": "function_call", "name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"},
                  {"type": "function_call_output", "output": "18C and sunny"},
                  {"type": "reasoning", "summary": []}
                ]}""");
        String m = "gpt-5";

        assertThat(EST.estimateInput(Endpoint.RESPONSES, m, body)).isEqualTo(3 + tokens(m, "user")
                + tokens(m, "Weather in Paris?") + tokens(m, "get_weather") + tokens(m, "{\"city\":\"Paris\"}")
                + tokens(m, "18C and sunny") + 3);
    }

    @Test
    void anthropicCountsSystemBlocksAndMessages() throws IOException {
        String m = "claude-sonnet-4-5";
        long n = EST.estimateInput(Endpoint.MESSAGES, m, wire("anthropic-messages-request.json"));

        assertThat(n).isEqualTo(tokens(m, "<long contract text ... ~10k tokens ...>")
                + 3 + tokens(m, "user") + tokens(m, "What is the termination notice period?") + 3);
    }

    @Test
    void anthropicCountsToolUseAndToolResultAsText() throws IOException {
        JsonNode body = JSON.readTree("""
                {"system": "Be brief.",
                 "tools": [{"name": "get_weather", "input_schema": {"type": "object"}}],
                 "messages": [
                   {"role": "assistant", "content": [
                     {"type": "text", "text": "Checking."},
                     {"type": "tool_use", "id": "t1", "name": "get_weather", "input": {"city": "Paris"}}]},
                   {"role": "user", "content": [
                     {"type": "tool_result", "tool_use_id": "t1", "content": [{"type": "text", "text": "18C"}]}]}
                 ]}""");
        String m = "claude-opus-4-1";

        assertThat(EST.estimateInput(Endpoint.MESSAGES, m, body)).isEqualTo(tokens(m, "Be brief.")
                + 3 + tokens(m, "assistant") + tokens(m, "Checking.") + tokens(m, "get_weather")
                + tokens(m, "{\"city\":\"Paris\"}")
                + 3 + tokens(m, "user") + tokens(m, "18C")
                + 3 + tokens(m, "[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}]"));
    }

    @Test
    void embeddingsAcceptStringsStringListsAndTokenIds() throws IOException {
        String m = "text-embedding-3-small";

        assertThat(EST.estimateInput(Endpoint.EMBEDDINGS, m, JSON.readTree("{\"input\": \"hello world\"}")))
                .isEqualTo(2);
        assertThat(EST.estimateInput(Endpoint.EMBEDDINGS, m,
                JSON.readTree("{\"input\": [\"hello world\", \"hello world\"]}"))).isEqualTo(4);
        assertThat(EST.estimateInput(Endpoint.EMBEDDINGS, m, JSON.readTree("{\"input\": [15339, 1917, 0]}")))
                .as("token ids are counted, not encoded").isEqualTo(3);
        assertThat(EST.estimateInput(Endpoint.EMBEDDINGS, m, JSON.readTree("{\"input\": [[1, 2, 3], [4, 5]]}")))
                .isEqualTo(5);
    }

    @Test
    void completionsCountThePrompt() throws IOException {
        JsonNode body = JSON.readTree("{\"model\": \"gpt-3.5-turbo-instruct\", \"prompt\": \"Say this is a test\"}");

        assertThat(EST.estimateInput(Endpoint.COMPLETIONS, "gpt-3.5-turbo-instruct", body))
                .isEqualTo(tokens("gpt-3.5-turbo-instruct", "Say this is a test"));
    }

    @Test
    void chatCountsTextPartsImagesToolCallsAndToolDefinitions() throws IOException {
        JsonNode body = JSON.readTree("""
                {"messages": [
                  {"role": "user", "content": [{"type": "text", "text": "Hi"},
                                               {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]},
                  {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}
                 ],
                 "tools": [{"type": "function", "function": {"name": "f"}}]}""");
        String m = "gpt-4o";

        assertThat(EST.estimateInput(Endpoint.CHAT_COMPLETIONS, m, body)).isEqualTo(
                3 + tokens(m, "user") + tokens(m, "Hi") + RequestTokenCounter.IMAGE_TOKENS
                + 3 + tokens(m, "assistant") + tokens(m, "f") + tokens(m, "{}")
                + 3 + tokens(m, "[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]"));
    }

    @Test
    void unmeteredEndpointsEstimateNothing() throws IOException {
        JsonNode body = wire("anthropic-messages-request.json");

        assertThat(EST.estimateInput(Endpoint.COUNT_TOKENS, "claude-sonnet-4-5", body)).isZero();
        assertThat(EST.estimateInput(Endpoint.OTHER, "gpt-4o", body)).isZero();
    }
}
