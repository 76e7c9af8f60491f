package dev.spendgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private static byte[] fixture(String name) {
        try (InputStream in = FailureClassifierTest.class.getResourceAsStream("/wire/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rateLimits() {
        assertThat(FailureClassifier.classify(429, fixture("openai-error-429.json")))
                .isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(FailureClassifier.classify(429, fixture("anthropic-error-429.json")))
                .isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(FailureClassifier.classify(429, fixture("openai-error-429-quota.json")))
                .isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(FailureClassifier.classify(429, new byte[0])).isEqualTo(FailureKind.RATE_LIMITED);
    }

    @Test
    void overloadedByStatusOrErrorType() {
        assertThat(FailureClassifier.classify(529, fixture("anthropic-error-529-overloaded.json")))
                .isEqualTo(FailureKind.OVERLOADED);
        assertThat(FailureClassifier.classify(529, new byte[0])).isEqualTo(FailureKind.OVERLOADED);
        assertThat(FailureClassifier.classify(503, fixture("anthropic-error-529-overloaded.json")))
                .isEqualTo(FailureKind.OVERLOADED);
    }

    @Test
    void serverErrors() {
        assertThat(FailureClassifier.classify(500, fixture("openai-error-500.json")))
                .isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(FailureClassifier.classify(502, text("<html>Bad gateway</html>")))
                .isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(FailureClassifier.classify(599, new byte[0])).isEqualTo(FailureKind.SERVER_ERROR);
    }

    @Test
    void contextLengthFromOpenAiAndAnthropic() {
        assertThat(FailureClassifier.classify(400, fixture("openai-error-context-length.json")))
                .isEqualTo(FailureKind.CONTEXT_LENGTH);
        byte[] anthropic = text("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"prompt is too long: 215000 tokens > 200000 maximum\"}}");
        assertThat(FailureClassifier.classify(400, anthropic)).isEqualTo(FailureKind.CONTEXT_LENGTH);
        byte[] window = text("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"input length and `max_tokens` exceed context limit\"}}");
        assertThat(FailureClassifier.classify(413, text("{\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"The request exceeds the model's context window\"}}")))
                .isEqualTo(FailureKind.CONTEXT_LENGTH);
        assertThat(FailureClassifier.classify(400, window)).isEqualTo(FailureKind.CONTEXT_LENGTH);
    }

    @Test
    void contextLengthIsFoundInATruncatedPrefix() {
        byte[] full = fixture("openai-error-context-length.json");
        String s = new String(full, StandardCharsets.UTF_8);
        int end = s.indexOf("context_length_exceeded") + "context_length_exceeded\"".length();
        assertThat(FailureClassifier.classify(400, Arrays.copyOf(full, end))).isEqualTo(FailureKind.CONTEXT_LENGTH);
    }

    @Test
    void otherClientErrorsDoNotFallBack() {
        assertThat(FailureClassifier.classify(400, text("{\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"Unknown parameter: 'foo'.\",\"code\":\"unknown_parameter\"}}"))).isNull();
        assertThat(FailureClassifier.classify(401, new byte[0])).isNull();
        assertThat(FailureClassifier.classify(404, new byte[0])).isNull();
        assertThat(FailureClassifier.classify(413, new byte[0])).isNull();
        assertThat(FailureClassifier.classify(200, new byte[0])).isNull();
    }
}
