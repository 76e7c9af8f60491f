package dev.spendgate.logging;

import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.ledger.UsageRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

/**
 * {@link AccessLogLine} must print exactly what the request recorder's SLF4J call with 18 arguments printed
 * (logback formats a message with {@link MessageFormatter}), with its text arguments in logfmt quoting: that call
 * is kept here as the reference, with a regex-based quoting of its own.
 */
class AccessLogLineTest {

    private static final String TEMPLATE = "request_id={} endpoint={} feature={} team={} tier={} provider={} model={}"
            + " served_model={} stream={} status={} outcome={} usage_source={} input={} cached_input={} output={}"
            + " cost_usd={} latency_ms={} ttft_ms={}";

    private static final Pattern NEEDS_QUOTES = Pattern.compile("[ =\"\\\\\\p{Cc}\u2028\u2029]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\u2028\u2029]");

    private static String before(UsageRecord r) {
        Object[] args = {q(r.requestId()), q(r.endpoint()), q(r.feature()), q(r.team()), q(r.tier()),
            q(orNone(r.provider())), q(orNone(r.requestedModel())), q(r.servedModel()), r.stream(), r.httpStatus(),
            r.outcome(), r.usageSource(), r.inputTokens(), r.cachedInputTokens(), r.outputTokens(),
            r.costUsd().toPlainString(),
            oldMillis(r.latencyMs()), r.ttftMs() == null ? "-" : oldMillis(r.ttftMs())};
        return MessageFormatter.arrayFormat(TEMPLATE, args).getMessage();
    }

    /** The logfmt form of a text value: quoted with JSON-style escapes when it is not a plain word. */
    private static String q(@Nullable String v) {
        if (v == null || !NEEDS_QUOTES.matcher(v).find()) {
            return String.valueOf(v);
        }
        String escaped = v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t");
        return '"' + CONTROL.matcher(escaped).replaceAll(m -> String.format("\\\\u%04x", (int) m.group().charAt(0)))
                + '"';
    }

    private static String orNone(@Nullable String v) {
        return v == null ? "none" : v;
    }

    /** The recorder's millis() before it moved here. */
    private static String oldMillis(double ms) {
        long hundredths = Math.round(ms * 100);
        long fraction = Math.abs(hundredths % 100);
        return (hundredths < 0 && hundredths > -100 ? "-" : "") + hundredths / 100 + (fraction < 10 ? ".0" : ".")
                + fraction;
    }

    @Test
    void lineIsWhatTheEighteenArgumentMessagePrinted() {
        UsageRecord r = aRecord().requestId("gw-1")
                .attribution(new Attribution("search", "growth", "cust-42", "pro", "exp-a", "prod", "sess-9"))
                .target("chat_completions", "openai", "gpt-5-mini").tokens(86, 1920, 5, 7, 300, 192)
                .cost("0.0006695").streamed(1_500.0, 300.004).build();

        assertThat(AccessLogLine.of(r)).isEqualTo("request_id=gw-1 endpoint=chat_completions feature=search"
                + " team=growth tier=pro provider=openai model=gpt-5-mini served_model=gpt-5-mini stream=true"
                + " status=200 outcome=success usage_source=provider input=86 cached_input=1920 output=300"
                + " cost_usd=0.0006695 latency_ms=1500.00 ttft_ms=300.00").isEqualTo(before(r));
    }

    @Test
    void absentValuesPrintAsBefore() {
        UsageRecord r = aRecord().target("embeddings", null, null).cost(new BigDecimal("2.8E-7")).build();

        assertThat(AccessLogLine.of(r)).isEqualTo(before(r)).contains(" provider=none model=none served_model=null")
                .contains(" cost_usd=0.00000028 ").endsWith(" ttft_ms=-");
    }

    @Test
    void attributionValuesCannotForgeFields() {
        UsageRecord r = aRecord().requestId("gw-1")
                .attribution(new Attribution("evil outcome=success cost_usd=999 request_id=fake", "a\"b\\c",
                        "cust", "x\nrequest_id=forged", "e", "p", "s"))
                .target("chat_completions", "openai", "gpt-5-mini").cost("0.5").build();

        String line = AccessLogLine.of(r);

        assertThat(line).isEqualTo(before(r))
                .contains(" feature=\"evil outcome=success cost_usd=999 request_id=fake\" team=\"a\\\"b\\\\c\" ")
                .contains(" tier=\"x\\nrequest_id=forged\" ").doesNotContain("\n");
        assertThat(logfmtKeys(line)).as("one field per key, in order, whatever the values hold").containsExactly(
                "request_id", "endpoint", "feature", "team", "tier", "provider", "model", "served_model", "stream",
                "status", "outcome", "usage_source", "input", "cached_input", "output", "cost_usd", "latency_ms",
                "ttft_ms");
    }

    @Test
    void plainValuesStayUnquoted() {
        UsageRecord r = aRecord().attribution(new Attribution("recherche-é", "検索", "c", "", "e", "p", "s"))
                .target("chat_completions", "openai", "gpt-5-mini").build();

        assertThat(AccessLogLine.of(r)).contains(" feature=recherche-é team=検索 tier= provider=openai ");
    }

    /** The keys of a logfmt line: keys are words before '=', values are plain words or quoted with escapes. */
    private static List<String> logfmtKeys(String line) {
        List<String> keys = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            int eq = line.indexOf('=', i);
            keys.add(line.substring(i, eq));
            i = eq + 1;
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (line.charAt(i) != '"') {
                    i += line.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else {
                while (i < line.length() && line.charAt(i) != ' ') {
                    i++;
                }
            }
            i++;
        }
        return keys;
    }

    @Test
    void manyVariedRecordsPrintAsBefore() {
        Random random = new Random(42);
        String[] texts = {"search", "", "recherche-é", "{}", "a {} b", "null", "検索 😀", "x=y z", "say \"hi\"",
            "C:\\tmp", "two\nlines", "cr\rtab\t", "nel\u0085", "ls\u2028", "del\u007f", "bell\u0007", "=", "\""};
        for (int i = 0; i < 5_000; i++) {
            double latency = switch (i % 4) {
                case 0 -> random.nextDouble() * 100_000;
                case 1 -> -random.nextDouble() * 2;
                case 2 -> random.nextInt(100_000) / 1000.0 + 0.005;
                default -> random.nextInt(10) / 200.0;
            };
            String text = texts[random.nextInt(texts.length)];
            UsageRecord r = aRecord().requestId(text + i)
                    .attribution(new Attribution(text, texts[i % texts.length], "c", text, "e", "p", "s"))
                    .target(text, random.nextBoolean() ? null : text, random.nextBoolean() ? null : text)
                    .tokens(random.nextInt(5000), random.nextInt(5000), 0, 0, random.nextLong(), 0)
                    .cost(BigDecimal.valueOf(random.nextLong(), random.nextInt(20) - 4))
                    .streamed(latency, random.nextBoolean() ? latency / 3 : -latency)
                    .build();

            assertThat(AccessLogLine.of(r)).isEqualTo(before(r));
            assertThat(AccessLogLine.millis(latency)).isEqualTo(oldMillis(latency));
        }
    }
}
