package dev.spendgate.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.testkit.RandomRequestBodies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming inspection agrees with the tree inspection it replaced ({@link TreeReference}) on every body:
 * the same fields, the same tree, or the same error (message and param, or exception type).
 */
class RequestInspectorTest {

    /** What an inspection did: its fields and tree, or its failure. */
    private static String outcome(byte[] body, boolean streaming) {
        try {
            if (streaming) {
                ClientRequest r = RequestInspector.inspect(body);
                return "ok " + r.model() + " " + r.stream() + " " + r.includeUsage() + " " + r.outputCap() + " "
                        + r.choices() + " background=" + r.background() + " " + r.json();
            }
            TreeReference.Inspected r = TreeReference.inspect(body);
            return "ok " + r.model() + " " + r.stream() + " " + r.includeUsage() + " " + r.outputCap() + " "
                    + r.choices() + " background=" + r.json().path("background").asBoolean(false) + " " + r.json();
        } catch (InvalidRequestException e) {
            return "invalid param=" + e.param() + " " + e.getMessage();
        } catch (RuntimeException e) {
            return "thrown " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static void assertAgrees(byte[] body) {
        assertThat(outcome(body, true)).as(new String(body, StandardCharsets.UTF_8))
                .isEqualTo(outcome(body, false));
    }

    @Test
    void randomBodiesAndTheirMutationsAgreeWithTheTree() {
        RandomRequestBodies bodies = new RandomRequestBodies(6);
        int valid = 0;
        for (int i = 0; i < 2500; i++) {
            String body = bodies.body();
            assertAgrees(body.getBytes(StandardCharsets.UTF_8));
            valid += outcome(body.getBytes(StandardCharsets.UTF_8), false).startsWith("ok") ? 1 : 0;
            bodies.mutate(body).forEach(RequestInspectorTest::assertAgrees);
        }
        assertThat(valid).as("the generator makes accepted bodies too, not only errors").isGreaterThan(500);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n", "[]", "[1,2", "null", "\"s\"", "12", "{}", "{} ", "{}{}", "{} x", "{}]",
        "{\"a\":1e99999999999}", "{\"messages\":[{\"x\":1.5e-2147483648}]}", "{\"a\":1e2147483647}",
        "{\"model\":\"gpt\",\"model\":null}", "{\"model\":null,\"model\":\"gpt\"}", "{\"model\":1,\"model\":\"m\"}",
        "{\"stream\":\"true\"}", "{\"stream_options\":[]}", "{\"stream_options\":{\"include_usage\":1}}",
        "{\"stream_options\":{\"include_usage\":1},\"stream_options\":null}",
        "{\"stream_options\":{\"include_usage\":true},\"stream_options\":{}}",
        "{\"max_tokens\":1.0}", "{\"max_tokens\":-0}", "{\"max_tokens\":1e2}", "{\"n\":0}", "{\"best_of\":129}",
        "{\"max_output_tokens\":9223372036854775808}", "{\"model\":\"a\",\"stream\":1,\"n\":0}",
        "{\"mod\\u0065l\":\"escaped key\"}", "{\"model\":\"\\ud800\"}", "{\"background\":\" true \"}",
        "{\"background\":1}", "{\"background\":\"yes\"}", "{\"background\":{}}", "{\"x\":NaN}", "{\"x\":01}",
        "{\"x\":\"\\q\"}", "{\"x\":[1,]}", "{\"x\":1,}", "{'x':1}", "{\"x\":-}", "{\"n\":1 2}"})
    void edgeBodiesAgreeWithTheTree(String body) {
        assertAgrees(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8AndControlBytesAgreeWithTheTree() {
        List<byte[]> bodies = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            for (int c : new int[] {0x20, 0x80, 0xA0, 0xBF, 0xC0}) {
                bodies.add(new byte[] {'{', '"', 'm', '"', ':', '"', (byte) b, (byte) c, (byte) 0x80, '"', '}'});
                bodies.add(new byte[] {'{', '"', (byte) b, (byte) c, '"', ':', '1', '}'});
            }
        }
        bodies.forEach(RequestInspectorTest::assertAgrees);
    }

    @Test
    void limitsOfTheParserAgreeWithTheTree() {
        assertAgrees(("{\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}").getBytes(StandardCharsets.UTF_8));
        assertAgrees(("{\"messages\":" + "[".repeat(999) + "]".repeat(999) + "}").getBytes(StandardCharsets.UTF_8));
        assertAgrees(("{\"x\":" + "9".repeat(1001) + "}").getBytes(StandardCharsets.UTF_8));
        assertAgrees(("{\"x\":0." + "9".repeat(998) + "}").getBytes(StandardCharsets.UTF_8));
        assertAgrees(("{\"x\":0." + "9".repeat(990) + "e-2147483000}").getBytes(StandardCharsets.UTF_8));
        assertAgrees(("{\"" + "k".repeat(50_001) + "\":1}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theTreeIsParsedOnFirstUseAndKept() {
        ClientRequest r = RequestInspector.inspect("{\"model\":\"m\",\"temperature\":0.70}".getBytes(
                StandardCharsets.UTF_8));

        assertThat(r.json()).isSameAs(r.json());
        assertThat(r.json().get("temperature").decimalValue()).isEqualByComparingTo("0.70");
        assertThat(r.json().get("temperature").toString()).as("exact decimals").isEqualTo("0.70");
    }
}
