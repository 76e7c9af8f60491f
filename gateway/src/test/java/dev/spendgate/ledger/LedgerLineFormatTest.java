package dev.spendgate.ledger;

import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerLineFormatTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode lineOf(dev.spendgate.ledger.UsageRecord r) throws Exception {
        byte[] line = LedgerJson.line(r);
        assertThat(line[line.length - 1]).as("one record per line").isEqualTo((byte) '\n');
        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        return MAPPER.readTree(text);
    }

    @Test
    void tinyCostIsWrittenAsPlainDecimalString() throws Exception {
        JsonNode n = lineOf(aRecord().cost(new BigDecimal("2.8E-7")).build());

        assertThat(n.get("cost_usd").isTextual()).as("a string, so no reader parses it as a double").isTrue();
        assertThat(n.get("cost_usd").asText()).isEqualTo("0.00000028");
    }

    @Test
    void costKeepsEveryDigitItWasGiven() throws Exception {
        JsonNode n = lineOf(aRecord().cost("0.0006695").build());

        assertThat(n.get("cost_usd").asText()).isEqualTo("0.0006695");
    }

    @Test
    void keysAreSnakeCaseIncludingDigitRuns() throws Exception {
        JsonNode n = lineOf(aRecord().tokens(86, 1920, 7, 9, 300, 192).build());

        assertThat(n.get("cached_input_tokens").asLong()).isEqualTo(1920);
        assertThat(n.get("cache_write_5m_tokens").asLong()).isEqualTo(7);
        assertThat(n.get("cache_write_1h_tokens").asLong()).isEqualTo(9);
        assertThat(n.get("reasoning_tokens").asLong()).isEqualTo(192);
        assertThat(n.has("requested_model")).isTrue();
        assertThat(n.has("http_status")).isTrue();
        assertThat(n.has("latency_ms")).isTrue();
        assertThat(n.fieldNames()).toIterable().allMatch(k -> k.matches("[a-z0-9_]+"));
    }

    @Test
    void instantsAreIso8601StringsAndNullsAreKept() throws Exception {
        JsonNode n = lineOf(aRecord().endedAt(Instant.parse("2026-07-24T23:59:59.123456Z"))
                .target("embeddings", null, null).build());

        assertThat(n.get("ended_at").asText()).isEqualTo("2026-07-24T23:59:59.123456Z");
        assertThat(n.get("started_at").asText()).isEqualTo("2026-07-24T23:59:58.123456Z");
        assertThat(n.get("provider").isNull()).as("stable schema: absent values are explicit nulls").isTrue();
        assertThat(n.get("ttft_ms").isNull()).isTrue();
    }
}
