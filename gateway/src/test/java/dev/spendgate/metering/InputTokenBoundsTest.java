package dev.spendgate.metering;

import static dev.spendgate.metering.EstimatorFixtures.EST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.api.Endpoint;
import dev.spendgate.inspect.ClientRequest;
import dev.spendgate.inspect.InvalidRequestException;
import dev.spendgate.inspect.RequestInspector;
import dev.spendgate.testkit.RandomRequestBodies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ClientRequest#inputTokenBound()} is never below {@link TokenEstimator#estimateInput}, for every endpoint
 * and both tokenizers, and the claim it rests on holds: a token of o200k or cl100k covers at least one byte.
 */
class InputTokenBoundsTest {

    /** Models of both tokenizers (o200k, cl100k) and the Claude approximation. */
    private static final String[] MODELS = {"gpt-4o-mini", "gpt-4", "claude-sonnet-4-5"};
    private static final Endpoint[] ENDPOINTS = {Endpoint.CHAT_COMPLETIONS, Endpoint.RESPONSES, Endpoint.EMBEDDINGS,
        Endpoint.COMPLETIONS, Endpoint.MESSAGES, Endpoint.COUNT_TOKENS, Endpoint.OTHER};
    private static final String[] SAMPLES = {"The quick brown fox jumps over the lazy dog. ", "日本語のテキストと中文",
        "😀👩‍💻🇫🇷", "    \n\n\t\t   ", "0123456789", "ÅÄÖ naïve café ", "<|endoftext|>", "{\"a\":[1,2]}", "\u0000\u001f",
        "x", " ", "\\\"", "ab", "🙂", "\u2028", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"};

    /**
     * The fewest bytes {@code s} takes in a JSON string. A lone surrogate (only writable as a six-byte escape)
     * trips an assertion in JTokkit when assertions are on, as in tests; without them it is encoded as one byte,
     * {@code ?}: so the random texts below are valid UTF-16, and estimates of bodies with lone surrogates are
     * skipped.
     */
    private static long minimalJsonBytes(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 6;
            } else if (c < 0x20) {
                n += "\b\t\n\f\r".indexOf(c) >= 0 ? 2 : 6;
            } else {
                n += c == '"' || c == '\\' ? 2 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return n;
    }

    private static String randomText(Random r) {
        StringBuilder b = new StringBuilder();
        int parts = 1 + r.nextInt(12);
        for (int i = 0; i < parts; i++) {
            switch (r.nextInt(6)) {
                case 0 -> b.append(SAMPLES[r.nextInt(SAMPLES.length)].repeat(1 + r.nextInt(4)));
                case 1 -> b.append(" ".repeat(r.nextInt(40))).append("\n".repeat(r.nextInt(5)));
                case 2 -> b.append(Long.toString(r.nextLong()).repeat(1 + r.nextInt(3)));
                case 3 -> b.appendCodePoint(anyCodePoint(r));
                case 4 -> b.append((char) (0x20 + r.nextInt(0x5f)));
                default -> b.appendCodePoint(0x4e00 + r.nextInt(0x5000));
            }
        }
        return b.toString();
    }

    private static int anyCodePoint(Random r) {
        int cp = r.nextInt(0x110000 - 0x800);
        return cp < 0xD800 ? cp : cp + 0x800; // no surrogates
    }

    @Test
    void aTokenCoversAtLeastOneByteOfText() {
        Random r = new Random(7);
        for (int i = 0; i < 8_000; i++) {
            String text = randomText(r);
            for (String model : new String[] {"gpt-4o", "gpt-4"}) {
                assertThat((long) EST.countText(model, text)).as("%s: %s", model, text.codePoints()
                        .mapToObj(Integer::toHexString).toList()).isLessThanOrEqualTo(minimalJsonBytes(text));
            }
        }
    }

    private static void assertBoundCoversEstimate(byte[] body) {
        ClientRequest request = RequestInspector.inspect(body);
        for (String model : MODELS) {
            for (Endpoint endpoint : ENDPOINTS) {
                long estimate;
                try {
                    estimate = EST.estimateInput(endpoint, model, request.json());
                } catch (AssertionError e) {
                    assertThat(e).hasMessageContaining("not UTF-8"); // a lone surrogate, see minimalJsonBytes
                    continue;
                }
                assertThat(request.inputTokenBound()).as("%s %s: %s", endpoint, model,
                        new String(body, StandardCharsets.UTF_8)).isGreaterThanOrEqualTo(estimate);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-chat-request.json", "openai-responses-request.json",
        "anthropic-messages-request.json", "gemini-generate-request.json"})
    void boundCoversTheEstimateOfTheRequestFixtures(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/wire/" + name)) {
            assertThat(in).isNotNull();
            assertBoundCoversEstimate(in.readAllBytes());
        }
    }

    @Test
    void boundCoversTheEstimateOfRandomBodies() {
        RandomRequestBodies bodies = new RandomRequestBodies(600);
        int checked = 0;
        for (int i = 0; i < 1500; i++) {
            byte[] body = bodies.body().getBytes(StandardCharsets.UTF_8);
            try {
                RequestInspector.inspect(body);
            } catch (InvalidRequestException e) {
                continue;
            }
            assertBoundCoversEstimate(body);
            checked++;
        }
        assertThat(checked).isGreaterThan(250);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"tools\":[{\"a\":1e-6,\"b\":1e6,\"c\":12e1,\"d\":1234567890e1,\"e\":9e6,\"f\":1e-7,\"g\":-0.0,\"h\":1E+2}]}",
        "{\"tools\":[1e-6,1e-6,1e-6,1e-6,1e-6,1e-6,1e-6,1e-6,1e-6,1e-6,1e-6,1e-6]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_use\",\"name\":\"f\","
                + "\"input\":{\"x\":1e-6}}]}]}",
        "{\"messages\":[{\"content\":[{\"type\":\"image\"},{\"type\":\"image\"},{\"type\":\"image_url\"}]}]}",
        "{\"input\":[{\"type\":\"input_image\"},{\"type\":\"input_file\",\"file_data\":\"QUJDRA==\"}]}",
        "{\"messages\":[{\"content\":[{\"type\":\"document\",\"text\":\"abcdefghijklmnopqrstuvwxyz0123456789\","
                + "\"source\":{\"data\":\"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\"}}]}]}",
        "{\"system\":[{\"type\":\"text\",\"text\":\"x\"}],\"messages\":{\"a\":{\"role\":\"user\"},\"b\":\"c\"}}",
        "{\"messages\":[1,2,3,[],{},\"s\",null],\"input\":\"hi\",\"prompt\":[[1,2,3],[4],5,\"x\"],"
                + "\"instructions\":\"i\"}",
        "{\"input\":{\"a\":{\"type\":\"function_call\",\"name\":\"n\",\"arguments\":\"{}\"},"
                + "\"b\":{\"content\":\"x\"}}}",
        "{\"messages\":[{\"role\":\"user\",\"name\":\"bob\",\"content\":\"\\ud800\\ud800\\ud800\\u0000\\u0001\"}]}",
        "{\"messages\":[{\"role\":\"assistant\",\"function_call\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"},"
                + "\"tool_calls\":{\"x\":{\"function\":{\"name\":\"g\",\"arguments\":\"[]\"}}}}]}",
        "{\"messages\":[{\"content\":[{\"type\":\"tool_result\",\"content\":[{\"type\":\"image\"},"
                + "{\"type\":\"document\",\"data\":\"QUJD\"}]}]}]}",
        "{\"messages\":[],\"tools\":null,\"input\":[],\"system\":\"\"}", "{}", "{\"model\":\"m\"}"})
    void boundCoversTheEstimateOfOddShapes(String body) {
        assertBoundCoversEstimate(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12e1", "1e6", "0e5", "1e1", "1e-6", "1234567890e1"})
    void boundCoversDecimalsWrittenLongerThanSent(String number) {
        // The estimate counts tools as their compact JSON, where 12e1 is 1.2E+2: as many tokens as bytes.
        String tools = String.join(",", java.util.Collections.nCopies(200, number));
        assertBoundCoversEstimate(("{\"tools\":[" + tools + "]}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void boundCoversTheEstimateOfLargeDocuments() {
        String data = "QUJD".repeat(3000);
        assertBoundCoversEstimate(("{\"messages\":[{\"content\":[{\"type\":\"document\",\"source\":{\"data\":\""
                + data + "\"}},{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"" + data + "\"}}]}],"
                + "\"input\":[{\"type\":\"input_file\",\"file_data\":\"" + data + "\"}]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void boundOfAPlainChatIsItsCountedBytesPlusFraming() {
        String messages = "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]";
        ClientRequest request = RequestInspector.inspect(("{\"model\":\"gpt-4o\",\"temperature\":0.7,\"messages\":"
                + messages + ",\"max_tokens\":128}").getBytes(StandardCharsets.UTF_8));

        assertThat(request.inputTokenBound()).as("the messages' bytes + 4 per message + the reply priming")
                .isEqualTo(messages.length() + 2 * InputTokenBounds.PER_MESSAGE + InputTokenBounds.REPLY_PRIMING);
        assertThat(EST.estimateInput(Endpoint.CHAT_COMPLETIONS, "gpt-4o", request.json())).isEqualTo(15);
    }
}
