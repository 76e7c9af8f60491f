package dev.spendgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnthropicSimulatorTest {

    private static SimulatedProvider provider;
    private static SimClient client;

    @BeforeAll
    static void start() {
        provider = SimulatedProvider.start(SimulatorOptions.fast().withCachedFraction(0.75));
        client = new SimClient(provider.anthropicBaseUrl());
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    private static SimClient.Reply post(String path, ObjectNode body) {
        return client.post(path, body.toString(), SimClient.anthropic());
    }

    private static int countTokens(ObjectNode body) {
        ObjectNode count = body.deepCopy();
        count.remove("max_tokens");
        count.remove("stream");
        return post("/v1/messages/count_tokens", count).json().path("input_tokens").asInt();
    }

    @Test
    void messageWithoutCacheControlReportsAllInputAsUncached() {
        ObjectNode body = SimRequests.messages("claude-haiku-4-5", SimRequests.text(3000), false, false);
        JsonNode json = post("/v1/messages", body).json();

        assertThat(json.path("model").asText()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(json.path("type").asText()).isEqualTo("message");
        JsonNode usage = json.path("usage");
        assertThat(usage.path("cache_read_input_tokens").asInt()).isZero();
        assertThat(usage.path("cache_creation_input_tokens").asInt()).isZero();
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(countTokens(body));
        assertThat(usage.path("output_tokens").asInt()).isBetween(1, 300);
    }

    @Test
    void cacheBreakpointSplitsPromptIntoReadWriteAndUncachedInput() {
        ObjectNode body = SimRequests.messages("claude-sonnet-4-5", SimRequests.text(4000), true, false);
        JsonNode usage = post("/v1/messages", body).json().path("usage");

        int read = usage.path("cache_read_input_tokens").asInt();
        int write = usage.path("cache_creation_input_tokens").asInt();
        int input = usage.path("input_tokens").asInt();
        assertThat(read + write + input).as("input_tokens excludes cache").isEqualTo(countTokens(body));
        assertThat(read).isEqualTo((int) Math.floor((read + write) * 0.75));
        assertThat(input).as("only the question after the breakpoint").isLessThan(20);
        assertThat(usage.path("cache_creation").path("ephemeral_5m_input_tokens").asInt()).isEqualTo(write);
        assertThat(usage.path("cache_creation").path("ephemeral_1h_input_tokens").asInt()).isZero();
    }

    @Test
    void oneHourBreakpointWritesToTheOneHourBucket() {
        ObjectNode body = SimRequests.messages("claude-sonnet-4-5", SimRequests.text(4000), true, false);
        ((ObjectNode) body.path("system").path(0).path("cache_control")).put("ttl", "1h");
        JsonNode usage = post("/v1/messages", body).json().path("usage");

        assertThat(usage.path("cache_creation").path("ephemeral_1h_input_tokens").asInt()).isPositive()
                .isEqualTo(usage.path("cache_creation_input_tokens").asInt());
    }

    @Test
    void streamFollowsEventOrderAndMessageDeltaUsageIsCumulative() {
        ObjectNode body = SimRequests.messages("claude-haiku-4-5", SimRequests.text(2500), true, true);
        SimClient.Reply reply = post("/v1/messages", body);
        List<SimClient.Sse> events = reply.events();

        assertThat(reply.headers().get("content-type")).startsWith("text/event-stream");
        assertThat(events.get(0).event()).isEqualTo("message_start");
        assertThat(events.subList(1, 3)).extracting(SimClient.Sse::event).containsExactly("content_block_start",
                "ping");
        assertThat(events.get(events.size() - 3).event()).isEqualTo("content_block_stop");
        assertThat(events.get(events.size() - 2).event()).isEqualTo("message_delta");
        assertThat(events.get(events.size() - 1).event()).isEqualTo("message_stop");
        JsonNode start = events.get(0).json().path("message").path("usage");
        JsonNode delta = events.get(events.size() - 2).json().path("usage");
        assertThat(start.path("output_tokens").asInt()).as("provisional").isEqualTo(1);
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> "content_block_delta".equals(e.event()))
                .forEach(e -> text.append(e.json().path("delta").path("text").asText()));
        int output = delta.path("output_tokens").asInt();
        assertThat(text.length() / 4.0).as("text length matches the output count roughly")
                .isBetween(output * 0.5, output * 2.0);
        for (String field : List.of("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens")) {
            assertThat(delta.path(field)).as(field).isEqualTo(start.path(field));
        }
        assertThat(start.path("cache_read_input_tokens").asInt() + start.path("cache_creation_input_tokens").asInt()
                + start.path("input_tokens").asInt()).isEqualTo(countTokens(body));
    }

    @Test
    void missingVersionHeaderOrMaxTokensIsAnAnthropicBadRequest() {
        ObjectNode body = SimRequests.messages("claude-haiku-4-5", "short", false, false);
        Map<String, String> headers = SimClient.anthropic();
        headers.remove("anthropic-version");
        SimClient.Reply noVersion = client.post("/v1/messages", body.toString(), headers);
        body.remove("max_tokens");
        SimClient.Reply noMax = post("/v1/messages", body);

        assertThat(noMax.status()).isEqualTo(400);
        assertThat(noMax.json().path("type").asText()).isEqualTo("error");
        assertThat(noMax.json().path("error").path("message").asText()).isEqualTo("max_tokens: Field required");
        assertThat(noVersion.status()).isEqualTo(400);
    }
}
