package dev.spendgate.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.api.Endpoint;
import dev.spendgate.testkit.RandomRequestBodies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spliced upstream body parses to the same tree as the tree rewrite it replaced ({@link TreeReference}), for
 * every rewrite (model, cap, include_usage, and their combinations) over varied bodies.
 */
class BodyRewriterTest {

    private static final Endpoint[] ENDPOINTS = {Endpoint.CHAT_COMPLETIONS, Endpoint.COMPLETIONS, Endpoint.MESSAGES,
        Endpoint.RESPONSES, Endpoint.EMBEDDINGS};
    private static final String[] MODELS = {"gpt-4o-mini", "gpt-4o-2024-08-06", "provider/\"quoted\"\\model",
        "模型-é😀", "line\nbreak"};

    private static JsonNode tree(byte[] json) throws IOException {
        return RequestInspector.MAPPER.readTree(json);
    }

    /**
     * Asserts that rewrites of {@code body} agree with the tree rewrite: all of them, or {@code sample} random
     * ones when {@code r} is given. False when the body is refused.
     */
    private static boolean assertRewritesAgree(String body, @Nullable Random r, int sample) throws IOException {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        ClientRequest request;
        try {
            request = RequestInspector.inspect(raw);
        } catch (InvalidRequestException e) {
            return false;
        }
        Long[] caps = {null, 64L, 0L};
        int all = MODELS.length * 2 * caps.length * (ENDPOINTS.length + 1);
        for (int i = 0; i < (r == null ? all : sample); i++) {
            int k = r == null ? i : r.nextInt(all);
            Endpoint endpoint = k % (ENDPOINTS.length + 1) < ENDPOINTS.length ? ENDPOINTS[k % (ENDPOINTS.length + 1)]
                    : null;
            k /= ENDPOINTS.length + 1;
            Long cap = caps[k % caps.length];
            k /= caps.length;
            assertAgrees(body, request, MODELS[k / 2], k % 2 == 1, cap, endpoint);
        }
        assertThat(RequestInspector.inspect(raw).json()).as("the request's tree is not rewritten")
                .isEqualTo(tree(raw));
        return true;
    }

    private static void assertAgrees(String body, ClientRequest request, String model, boolean usage,
            @Nullable Long cap, @Nullable Endpoint endpoint) throws IOException {
        byte[] raw = request.raw();
        byte[] expected = TreeReference.upstreamBody(TreeReference.inspect(raw), raw, model, usage, cap, endpoint);
        byte[] actual = BodyRewriter.upstreamBody(request, model, usage, cap, endpoint);
        assertThat(tree(actual).equals(SAME_NUMBER, tree(expected))).as("%s -> %s (model %s, usage %s, cap %s, %s)",
                printable(body), printable(new String(actual, StandardCharsets.UTF_8)), printable(model), usage, cap,
                endpoint).isTrue();
    }

    /**
     * Numbers are equal by value: the tree rewrite re-wrote the client's numbers from exact decimals (so
     * {@code 2.5e1} went out as the integer {@code 25} and {@code 1e2} as {@code 1E+2}); a splice keeps them as sent.
     */
    private static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    /** Non-ASCII as escapes: a lone surrogate would cut the report short. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("<%04x>", c)));
        return b.toString();
    }

    @Test
    void randomBodiesRewriteAsTheTreeDid() throws IOException {
        RandomRequestBodies bodies = new RandomRequestBodies(66);
        Random r = new Random(66);
        int rewritten = 0;
        for (int i = 0; i < 3000; i++) {
            rewritten += assertRewritesAgree(bodies.body(), r, 8) ? 1 : 0;
        }
        assertThat(rewritten).isGreaterThan(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", " { } ", "{\"model\":\"gpt-4o\"}", "{ \"model\" : \"gpt-4o\" , \"stream\":true }",
        "{\"model\":\"g\\u0070t-4o\",\"max_tokens\":  128 ,\"temperature\":0.7,\"top_p\":1e2}",
        "{\"model\":\"m\",\"max_tokens\":null,\"max_completion_tokens\":5,\"max_output_tokens\":7}",
        "{\"model\":\"m\",\"stream_options\":null}", "{\"model\":\"m\",\"stream_options\":{}}",
        "{\"model\":\"m\",\"stream_options\":{ }}", "{\"stream_options\":{\"include_usage\":false}}",
        "{\"stream_options\":{\"include_usage\":null,\"x\":{\"include_usage\":false}}}",
        "{\"stream_options\":{\"x\":[1,2],\"include_usage\":true}}",
        "{\"model\":\"\\\"quoted\\\" \\\\ é 😀 \\ud83d\\ude00\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"\\\"}\"}]}",
        "{\"model\":\"a\",\"model\":\"b\",\"max_tokens\":1,\"max_tokens\":2}",
        "{\"stream_options\":{\"include_usage\":false},\"stream_options\":{\"include_usage\":false}}",
        "{\"stream_options\":{\"include_usage\":false,\"include_usage\":true}}",
        "{\"messages\":[],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"x\"}",
        "{\"model\":\"m\",\"temperature\":-0.0,\"n\":1,\"x\":1E-7,\"y\":123456789012345678901234567890}",
        "\n{\n\t\"model\"\t:\t\"m\"\n}\n", "{\"model\":null}", "{\"model\":\"gpt-4o-mini\"}"})
    void edgeBodiesRewriteAsTheTreeDid(String body) throws IOException {
        assertThat(assertRewritesAgree(body, null, 0)).isTrue();
    }

    @Test
    void untouchedBytesStayAsTheClientSentThem() {
        String body = "{\"model\":\"gpt-4o\", \"temperature\":0.70,\"top_p\":1e2,\"max_tokens\":512,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"caf\\u00e9 \\n\"}]}";
        ClientRequest request = RequestInspector.inspect(body.getBytes(StandardCharsets.UTF_8));

        byte[] out = BodyRewriter.upstreamBody(request, "gpt-4o-2024-08-06", true, 100L, Endpoint.CHAT_COMPLETIONS);

        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"gpt-4o-2024-08-06\","
                + " \"temperature\":0.70,\"top_p\":1e2,\"max_tokens\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"caf\\u00e9 \\n\"}]"
                + ",\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    void nothingToChangeSendsTheClientBytes() {
        byte[] raw = "{\"model\":\"gpt-4o\",\"max_tokens\":1}".getBytes(StandardCharsets.UTF_8);
        ClientRequest request = RequestInspector.inspect(raw);

        assertThat(BodyRewriter.upstreamBody(request, "gpt-4o", false)).isSameAs(raw);
        assertThat(BodyRewriter.upstreamBody(request, "gpt-4o", false, 5L, null)).isSameAs(raw);
    }
}
