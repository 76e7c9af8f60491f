package dev.spendgate.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        "/v1/messages/", "/v1\\chat", "v1/models", "/v1/models/..", "/v1/x%252fy", "/v1/%4Dessages",
        "/v1/chat/%63ompletions/", "/v1/messages%2F"})
    void ambiguousPathsAreRefused(String path) {
        assertThat(RequestPaths.problem(path)).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({
        "/v1/%6Dessages, /v1/messages",
        "/v1/chat/%63ompletions, /v1/chat/completions",
        "/v1/chat/%63%6f%6D%70letions, /v1/chat/completions",
        "/%76%31/embeddings, /v1/embeddings",
        "/v1/messages/count%5Ftokens, /v1/messages/count_tokens",
        "/v1/files/a%2Db%7Ec%30, /v1/files/a-b~c0",
        "/v1/files/a%20b%3Ac%C3%A9, /v1/files/a%20b%3Ac%C3%A9",
        "/v1/models, /v1/models"})
    void encodedUnreservedCharactersAreDecodedOthersKept(String path, String normalized) {
        assertThat(RequestPaths.problem(path)).isNull();
        assertThat(RequestPaths.normalized(path)).isEqualTo(normalized);
    }

    @Test
    void pathWithoutPercentIsReturnedAsItIs() {
        String path = "/v1/chat/completions";
        assertThat(RequestPaths.normalized(path)).isSameAs(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/messages%", "/v1/messages%6", "/v1/%zzessages", "/v1/%6", "/v1/%\u0663\u0663x",
        "/v1/%G1"})
    void malformedEscapesAreRefusedByName(String path) {
        assertThat(RequestPaths.problem(path)).startsWith("the path has a malformed percent-escape at '%")
                .endsWith("(expected: '%' followed by two hex digits)");
    }

    @Test
    void encodedSlashIsRefusedByName() {
        assertThat(RequestPaths.problem("/v1/chat%2fcompletions"))
                .isEqualTo("the path has an encoded '/', '.', '\\' or '%'");
    }
}
