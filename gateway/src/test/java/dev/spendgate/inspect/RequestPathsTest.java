package dev.spendgate.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/v1/chat/completions", "/v1/messages", "/v1/models", "/v1/models/gpt-4o",
        "/v1/messages/count_tokens", "/v1/files/file-abc.jsonl"})
    void canonicalPathsAreRouted(String path) {
        assertThat(RequestPaths.problem(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/./chat/completions", "/v1/../v1/chat/completions", "/v1//chat/completions",
        "/v1/chat%2Fcompletions", "/v1/chat/completions/", "/V1/Chat/Completions", "/v1/%2e%2e/admin",
        "/v1/messages/", "/v1\\chat", "v1/models", "/v1/models/..", "/v1/x%252fy"})
    void ambiguousPathsAreRefused(String path) {
        assertThat(RequestPaths.problem(path)).isNotNull();
    }
}
