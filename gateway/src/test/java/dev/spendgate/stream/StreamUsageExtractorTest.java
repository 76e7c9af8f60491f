package dev.spendgate.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spendgate.api.Endpoint;
import dev.spendgate.metering.TokenUsage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Provider rules beyond the fixtures: where usage lives, what replaces what, and odd or hostile input. */
class StreamUsageExtractorTest {

    private static StreamUsage run(Endpoint endpoint, String... data) {
        StreamUsageExtractor extractor = StreamUsageExtractor.forEndpoint(endpoint);
        for (String d : data) {
            extractor.onEvent(new SseEvent(null, d));
        }
        return extractor.result();
    }

    private static StreamUsage events(Endpoint endpoint, SseEvent... events) {
        StreamUsageExtractor extractor = StreamUsageExtractor.forEndpoint(endpoint);
        for (SseEvent e : events) {
            extractor.onEvent(e);
        }
        return extractor.result();
    }

    private static SseEvent event(@Nullable String type, String data) {
        return new SseEvent(type, data);
    }

    @Test
    void chatUsageOnAContentChunkWithNonEmptyChoicesIsTakenAndTheLastUsageWins() {
        StreamUsage result = run(Endpoint.CHAT_COMPLETIONS,
                "{\"choices\":[{\"delta\":{\"content\":\"a\"}}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}",
                "{\"choices\":[{\"delta\":{\"content\":\"b\"}}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}",
                "[DONE]");

        assertThat(result.usage()).isEqualTo(new TokenUsage(5, 0, 0, 0, 2, 0));
        assertThat(result.outputText()).isEqualTo("ab");
        assertThat(result.complete()).isTrue();
    }

    @Test
    void chatCachedAndCacheWriteTokensAreTakenOutOfTheInclusivePromptCount() {
        StreamUsage result = run(Endpoint.CHAT_COMPLETIONS, "{\"choices\":[],\"usage\":{\"prompt_tokens\":1000,"
                + "\"completion_tokens\":300,\"prompt_tokens_details\":{\"cached_tokens\":200,"
                + "\"cache_write_tokens\":100},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":120}}}");

        assertThat(result.usage()).isEqualTo(new TokenUsage(700, 200, 100, 0, 300, 120));
    }

    @Test
    void chatUsageWithoutDetailObjectsCountsThemAsZero() {
        StreamUsage result = run(Endpoint.CHAT_COMPLETIONS,
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}   }");

        assertThat(result.usage()).isEqualTo(new TokenUsage(12, 0, 0, 0, 3, 0));
    }

    @Test
    void chatStreamCutBeforeTheUsageChunkHasNoUsageAndIsIncomplete() {
        StreamUsage result = run(Endpoint.CHAT_COMPLETIONS,
                "{\"model\":\"gpt-4o\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}",
                "{\"model\":\"gpt-4o\",\"choices\":[{\"delta\":{\"content\":\" the");

        assertThat(result).isEqualTo(new StreamUsage(null, "gpt-4o", "Hi", false, null));
    }

    @Test
    void chatErrorChunkSetsTheErrorTypeAndLegacyCompletionsTextIsCollected() {
        assertThat(run(Endpoint.CHAT_COMPLETIONS, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}")
                .errorType()).isEqualTo("server_error");
        assertThat(run(Endpoint.COMPLETIONS, "{\"choices\":[{\"text\":\"Once\",\"index\":0}]}",
                "{\"choices\":[{\"text\":\" upon\",\"index\":0}]}").outputText()).isEqualTo("Once upon");
    }

    @Test
    void responsesIncompleteEventCarriesTheUsage() {
        StreamUsage result = events(Endpoint.RESPONSES, event("response.incomplete", "{\"type\":"
                + "\"response.incomplete\",\"response\":{\"model\":\"gpt-5\",\"status\":\"incomplete\",\"usage\":"
                + "{\"input_tokens\":40,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":16,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":16},\"total_tokens\":56}}}"));

        assertThat(result.usage()).isEqualTo(new TokenUsage(40, 0, 0, 0, 16, 16));
        assertThat(result.complete()).isTrue();
    }

    @Test
    void responsesFailedWithNullUsageIsCompleteWithoutUsageAndNamesTheError() {
        StreamUsage result = events(Endpoint.RESPONSES, event("response.failed", "{\"type\":\"response.failed\","
                + "\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"x\"},"
                + "\"usage\":null}}"));

        assertThat(result.usage()).isNull();
        assertThat(result.complete()).isTrue();
        assertThat(result.errorType()).isEqualTo("server_error");
    }

    @Test
    void responsesErrorEventSetsTheErrorTypeFromItsCode() {
        StreamUsage result = events(Endpoint.RESPONSES,
                event("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":\"Hel\"}"),
                event("error", "{\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"m\"}"));

        assertThat(result.errorType()).isEqualTo("rate_limit_exceeded");
        assertThat(result.outputText()).isEqualTo("Hel");
        assertThat(result.complete()).isFalse();
    }

    @Test
    void anthropicMessageDeltaReplacesWhatItCarriesAndOutputIsNeverSummed() {
        StreamUsage result = run(Endpoint.MESSAGES,
                "{\"type\":\"message_start\",\"message\":{\"model\":\"claude\",\"usage\":{\"input_tokens\":10,"
                        + "\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":50,\"output_tokens\":3}}}",
                "{\"type\":\"message_delta\",\"usage\":{\"input_tokens\":30,\"output_tokens\":40,"
                        + "\"output_tokens_details\":{\"thinking_tokens\":25}}}",
                "{\"type\":\"message_stop\"}");

        assertThat(result.usage()).as("50 cache-creation tokens without breakdown bill at the 5m rate")
                .isEqualTo(new TokenUsage(30, 100, 50, 0, 40, 25));
        assertThat(result.complete()).isTrue();
    }

    @Test
    void anthropicCumulativeCacheCreationAboveTheBreakdownCountsAsFiveMinutes() {
        StreamUsage result = run(Endpoint.MESSAGES,
                "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":1,"
                        + "\"cache_creation_input_tokens\":300,\"cache_creation\":"
                        + "{\"ephemeral_5m_input_tokens\":100,\"ephemeral_1h_input_tokens\":200}}}}",
                "{\"type\":\"message_delta\",\"usage\":{\"cache_creation_input_tokens\":350,\"output_tokens\":9}}");

        assertThat(result.usage()).isEqualTo(new TokenUsage(1, 0, 150, 200, 9, 0));
    }

    @Test
    void anthropicStreamWithoutMessageStartHasNoUsage() {
        StreamUsage result = events(Endpoint.MESSAGES, event("ping", "{\"type\": \"ping\"}"),
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}"));

        assertThat(result.usage()).isNull();
        assertThat(result.errorType()).isEqualTo("api_error");
    }

    @Test
    void outputTextStopsGrowingAtItsBound() {
        StreamUsageExtractor extractor = StreamUsageExtractor.forEndpoint(Endpoint.MESSAGES);
        String chunk = "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\""
                + "y".repeat(100_000) + "\"}}";
        for (int i = 0; i < 12; i++) {
            extractor.onEvent(new SseEvent("content_block_delta", chunk));
        }

        assertThat(extractor.result().outputText()).hasSize(StreamState.MAX_OUTPUT_CHARS);
    }

    @Test
    void nonJsonEventsAreSkippedWithoutThrowing() {
        for (Endpoint endpoint : new Endpoint[] {Endpoint.CHAT_COMPLETIONS, Endpoint.RESPONSES, Endpoint.MESSAGES}) {
            StreamUsage result = run(endpoint, "", "{", "[1,2]", "null", "{\"usage\":{\"prompt_tokens\":\"x\"}}");
            assertThat(result.outputText()).isEmpty();
            assertThat(result.errorType()).isNull();
        }
    }

    @Test
    void onlyEndpointsThatStreamMeteredOutputHaveAnExtractor() {
        assertThat(StreamUsageExtractor.supports(Endpoint.CHAT_COMPLETIONS)).isTrue();
        assertThat(StreamUsageExtractor.supports(Endpoint.EMBEDDINGS)).isFalse();
        assertThatThrownBy(() -> StreamUsageExtractor.forEndpoint(Endpoint.EMBEDDINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EMBEDDINGS");
    }
}
