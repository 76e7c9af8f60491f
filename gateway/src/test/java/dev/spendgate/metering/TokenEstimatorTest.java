package dev.spendgate.metering;

import static dev.spendgate.metering.EstimatorFixtures.EST;
import static dev.spendgate.metering.EstimatorFixtures.JSON;
import static dev.spendgate.metering.EstimatorFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.api.Endpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    /**
     * The example conversation of OpenAI's cookbook "How to count tokens with tiktoken", whose
     * {@code prompt_tokens} the API reported as 129 for gpt-3.5-turbo / gpt-4 and 124 for gpt-4o / gpt-4o-mini.
     */
    static final String COOKBOOK_MESSAGES = """
            {"messages": [
              {"role": "system", "content": "You are a helpful, pattern-following assistant that translates \
            corporate jargon into plain English."},
              {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
              {"role": "system", "name": "example_assistant", "content": "Things working well together will \
            increase revenue."},
              {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth \
            to touch base on opportunities for increased leverage."},
              {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy \
            about how to do better."},
              {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client \
            deliverable."}
            ]}""";

    @Test
    void helloWorldIsTwoTokensInBothTokenizers() {
        assertThat(EST.countText("gpt-4o", "hello world")).isEqualTo(2);
        assertThat(EST.countText("gpt-4", "hello world")).isEqualTo(2);
        assertThat(EST.estimateOutput("gpt-5-mini", "hello world")).isEqualTo(2);
    }

    @Test
    void modelsMapToTheirTokenizer() {
        assertThat(EST.encodingName("gpt-4o-mini")).isEqualTo("o200k_base");
        assertThat(EST.encodingName("gpt-4.1-nano")).isEqualTo("o200k_base");
        assertThat(EST.encodingName("o3-mini")).isEqualTo("o200k_base");
        assertThat(EST.encodingName("gpt-5")).isEqualTo("o200k_base");
        assertThat(EST.encodingName("GPT-4-turbo")).isEqualTo("cl100k_base");
        assertThat(EST.encodingName("gpt-3.5-turbo")).isEqualTo("cl100k_base");
        assertThat(EST.encodingName("text-embedding-3-small")).isEqualTo("cl100k_base");
        assertThat(EST.encodingName("openai/gpt-4")).isEqualTo("cl100k_base");
        assertThat(EST.encodingName("claude-sonnet-4-5")).as("documented approximation").isEqualTo("o200k_base");
        assertThat(EST.encodingName("some-new-model")).isEqualTo("o200k_base");
    }

    @Test
    void tokenizersReallyDifferSoTheMappingMatters() {
        String japanese = "こんにちは、世界。今日はいい天気ですね。";

        assertThat(EST.countText("gpt-4o", japanese)).isEqualTo(10);
        assertThat(EST.countText("gpt-4", japanese)).isEqualTo(17);
    }

    @Test
    void chatEstimateMatchesTheCookbookPromptTokens() throws IOException {
        JsonNode body = JSON.readTree(COOKBOOK_MESSAGES);

        assertThat(EST.estimateInput(Endpoint.CHAT_COMPLETIONS, "gpt-4o", body)).isEqualTo(124);
        assertThat(EST.estimateInput(Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", body)).isEqualTo(124);
        assertThat(EST.estimateInput(Endpoint.CHAT_COMPLETIONS, "gpt-4", body)).isEqualTo(129);
        assertThat(EST.estimateInput(Endpoint.CHAT_COMPLETIONS, "gpt-3.5-turbo", body)).isEqualTo(129);
    }

    @Test
    void chatFixtureCountsContentRolesAndFraming() throws IOException {
        // system "You are a helpful assistant." (6) + user "Hello!" (2), roles 1 each, 3 + 3 framing, 3 priming.
        long n = EST.estimateInput(Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", wire("openai-chat-request.json"));

        assertThat(EST.countText("gpt-4o-mini", "You are a helpful assistant.")).isEqualTo(6);
        assertThat(n).isEqualTo(3 + 1 + 6 + 3 + 1 + 2 + 3);
    }

    @Test
    void specialTokenTextInAPromptIsOrdinaryText() {
        assertThat(EST.countText("gpt-4o", "<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void estimatorIsSafeToShareAcrossThreads() throws Exception {
        JsonNode body = JSON.readTree(COOKBOOK_MESSAGES);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String model = i % 2 == 0 ? "gpt-4o" : "gpt-4";
                results.add(pool.submit(() -> EST.estimateInput(Endpoint.CHAT_COMPLETIONS, model, body)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i % 2 == 0 ? 124L : 129L);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
