package dev.spendgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link LedgerJson} writer must produce exactly the bytes the databind serialiser wrote
 * ({@link DatabindLedgerJson}), for records with every kind of value: nulls everywhere, unicode (accents, emoji,
 * lone surrogates, control characters, quotes and backslashes), tiny and huge and negative costs, doubles of
 * every shape (NaN, infinities, -0.0, exponents), extreme integers, instants before 1970 and after 9999 with
 * every fraction length, and guardrail lists. Both the one-off {@link LedgerJson#line} and the reused
 * {@link LedgerLines} of the writer thread are compared.
 */
class LedgerJsonGoldenTest {

    private static final String[] TEXTS = {"", "search", "recherche-é", "検索", "emoji 😀 end", "\"quoted\"",
        "back\\slash", "tab\there", "new\nline", "cr\rlf", "nul\u0000byte", "bell\u0007", "del\u007f",
        "sep\u2028\u2029", "</script>", "lone \ud800 high", "lone \udc00 low", "reversed \udc00\ud800 pair",
        "ends high \ud83d", "bmp max \uffff", "latin1 \u00ff\u0080", "a".repeat(9000),
        "warn:free-daily,downgrade:free-daily", "skip_circuit_open:gpt-4o,fallback_blocked:claude-3-5-sonnet",
        "shadow_block:team-cap,cap_output:free,rate_limited:per-customer,route:long-prompts"};

    private static final String[] COSTS = {"0", "0.00", "2.8E-7", "0.00000028", "0.0006695", "0.00894", "1E+5",
        "-0.0001", "123456789012345678901234567890.123456789012345678901234567890", "1E-40", "7", "-3E+2",
        "0.1000000000"};

    private static final double[] DOUBLES = {0.0, -0.0, 1.0, 250.0, 2399.746244, 0.1, 1.0E-7, 1.0E7, 1.0E-3,
        123456789.123, Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1.0 / 3, 2.0E-3, 9.999999999999999E22, -12.34};

    private static final long[] LONGS = {0, 1, 42, 2032, 1920, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53};

    private static final Instant[] INSTANTS = {Instant.EPOCH, Instant.parse("2026-12-04T11:21:44.567580844Z"),
        Instant.parse("2026-07-24T23:59:59.123456Z"), Instant.parse("2026-07-24T23:59:59.123Z"),
        Instant.parse("2026-07-25T00:00:00Z"), Instant.parse("2026-07-25T00:00:00.000000001Z"),
        Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.parse("-0001-06-15T12:30:00.5Z"), Instant.MAX, Instant.MIN, Instant.parse("2000-02-29T12:00:59Z")};

    @Test
    void streamingWriterWritesTheSameBytesAsDatabindForManyVariedRecords() throws Exception {
        Random random = new Random(20261204);
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            records.add(randomRecord(random, i));
        }
        LedgerLines reused = new LedgerLines(256);
        for (UsageRecord r : records) {
            byte[] expected = DatabindLedgerJson.line(r);
            assertThat(new String(LedgerJson.line(r), StandardCharsets.UTF_8))
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(LedgerJson.line(r)).as("byte for byte: %s", r).isEqualTo(expected);

            int before = reused.buffer().size();
            reused.append(r);
            byte[] appended = java.util.Arrays.copyOfRange(reused.buffer().array(), before, reused.buffer().size());
            assertThat(appended).as("the writer thread's reused generator: %s", r).isEqualTo(expected);
        }
    }

    @Test
    void readmeExampleLineIsReproducedExactly() throws Exception {
        String readme = "{\"request_id\":\"gw-44aae803ad12-7d\",\"started_at\":\"2026-12-04T11:21:44.567580844Z\","
                + "\"ended_at\":\"2026-12-04T11:21:46.967327088Z\",\"feature\":\"summarize\",\"team\":\"content\","
                + "\"customer\":\"cust-0011\",\"tier\":\"free\",\"experiment\":\"summarize-model-test:control\","
                + "\"environment\":\"production\",\"session\":\"sess-594667b2b96a\",\"endpoint\":\"chat_completions\","
                + "\"provider\":\"sim-openai\",\"requested_model\":\"gpt-4o\",\"served_model\":\"gpt-4o-2024-08-06\","
                + "\"stream\":false,\"input_tokens\":2032,\"cached_input_tokens\":1920,\"cache_write_5m_tokens\":0,"
                + "\"cache_write_1h_tokens\":0,\"output_tokens\":146,\"reasoning_tokens\":0,\"cost_usd\":\"0.00894\","
                + "\"usage_source\":\"provider\",\"outcome\":\"success\",\"http_status\":200,"
                + "\"latency_ms\":2399.746244,\"ttft_ms\":null,\"key\":null,\"routed_model\":\"gpt-4o\","
                + "\"guardrails\":\"\",\"attempt\":3,\"attempt_outcome\":\"success\","
                + "\"fallback_reason\":\"server_error\",\"route_rule\":null,\"route_experiment\":null,"
                + "\"route_arm\":null}\n";
        UsageRecord r = new UsageRecord("gw-44aae803ad12-7d", Instant.parse("2026-12-04T11:21:44.567580844Z"),
                Instant.parse("2026-12-04T11:21:46.967327088Z"), "summarize", "content", "cust-0011", "free",
                "summarize-model-test:control", "production", "sess-594667b2b96a", "chat_completions", "sim-openai",
                "gpt-4o", "gpt-4o-2024-08-06", false, 2032, 1920, 0, 0, 146, 0, new BigDecimal("0.00894"),
                "provider", "success", 200, 2399.746244, null, null, "gpt-4o", "", 3, "success", "server_error",
                null, null, null);

        assertThat(new String(LedgerJson.line(r), StandardCharsets.UTF_8)).isEqualTo(readme);
    }

    private static UsageRecord randomRecord(Random random, int i) {
        return new UsageRecord(text(random, i), i % 97 == 2 ? nullInstant() : instant(random), instant(random),
                text(random, i), text(random, i),
                text(random, i), text(random, i), text(random, i), text(random, i), text(random, i), text(random, i),
                nullable(random, i), nullable(random, i), nullable(random, i), random.nextBoolean(),
                number(random), number(random), number(random), number(random), number(random), number(random),
                cost(random, i), text(random, i), text(random, i), random.nextInt(3) == 0 ? random.nextInt()
                : 200 + random.nextInt(400), real(random), random.nextInt(3) == 0 ? null : real(random),
                nullable(random, i), nullable(random, i), text(random, i), random.nextInt(5) - 1, text(random, i),
                nullable(random, i), nullable(random, i), nullable(random, i), nullable(random, i));
    }

    /** Mostly non-null; every 97th record has nulls even where the record's type says non-null. */
    private static String text(Random random, int i) {
        if (i % 97 == 0 && random.nextInt(4) == 0) {
            return null;
        }
        if (random.nextInt(4) == 0) {
            return TEXTS[random.nextInt(TEXTS.length)] + TEXTS[random.nextInt(TEXTS.length)];
        }
        if (random.nextInt(6) == 0) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                s.append((char) random.nextInt(0x10000));
            }
            return s.toString();
        }
        return TEXTS[random.nextInt(TEXTS.length)];
    }

    private static @Nullable String nullable(Random random, int i) {
        return random.nextInt(3) == 0 ? null : text(random, i);
    }

    private static BigDecimal cost(Random random, int i) {
        if (i % 97 == 1) {
            return null;
        }
        return switch (random.nextInt(3)) {
            case 0 -> new BigDecimal(COSTS[random.nextInt(COSTS.length)]);
            case 1 -> BigDecimal.valueOf(random.nextLong(), random.nextInt(30) - 5);
            default -> new BigDecimal(random.nextInt(100_000)).movePointLeft(random.nextInt(12));
        };
    }

    private static long number(Random random) {
        return random.nextInt(4) == 0 ? LONGS[random.nextInt(LONGS.length)] : random.nextInt(100_000);
    }

    private static double real(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> DOUBLES[random.nextInt(DOUBLES.length)];
            case 1 -> random.nextLong() / 1e6;
            default -> Double.longBitsToDouble(random.nextLong());
        };
    }

    /** The record's type says non-null; databind wrote null anyway, and so must the streaming writer. */
    private static Instant nullInstant() {
        return null;
    }

    private static Instant instant(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> INSTANTS[random.nextInt(INSTANTS.length)];
            case 1 -> Instant.ofEpochSecond(1_780_000_000L + random.nextInt(100_000_000),
                    random.nextInt(1_000_000_000));
            case 2 -> Instant.ofEpochSecond(1_780_000_000L + random.nextInt(100_000_000),
                    random.nextInt(1000) * (random.nextBoolean() ? 1_000_000 : 1_000));
            default -> Instant.ofEpochSecond(random.nextLong() % 400_000_000_000L, random.nextInt(1_000_000_000));
        };
    }
}
