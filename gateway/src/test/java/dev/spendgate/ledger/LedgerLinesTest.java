package dev.spendgate.ledger;

import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerLinesTest {

    /** A cost whose serialisation fails half-way through the line. */
    private static final BigDecimal BROKEN_COST = new BigDecimal("1") {
        private static final long serialVersionUID = 1L;

        @Override
        public String toPlainString() {
            throw new IllegalStateException("broken cost");
        }
    };

    @Test
    void recordThatFailsHalfWayLeavesNoBytesAndTheNextLinesAreIntact() throws Exception {
        LedgerLines lines = new LedgerLines(16);
        UsageRecord first = aRecord().requestId("first").build();
        UsageRecord last = aRecord().requestId("last").build();

        lines.append(first);
        assertThatThrownBy(() -> lines.append(aRecord().requestId("broken").cost(BROKEN_COST).build()))
                .isInstanceOf(IllegalStateException.class);
        lines.append(last);

        String written = new String(lines.buffer().toByteArray(), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(new String(DatabindLedgerJson.line(first), StandardCharsets.UTF_8)
                + new String(DatabindLedgerJson.line(last), StandardCharsets.UTF_8));
    }

    @Test
    void batchIsWrittenOncePerDayRunAndAFailedRecordIsReportedLostAlone() {
        List<String> writes = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        LedgerBatchWriter writer = new LedgerBatchWriter((day, bytes, off, len) -> writes.add(day + " "
                + new String(bytes, off, len, StandardCharsets.UTF_8).lines().count()),
                (count, detail) -> lost.add(count + " " + detail));
        Instant day1 = Instant.parse("2026-07-24T23:59:59.999Z");
        Instant day2 = Instant.parse("2026-07-25T00:00:00Z");

        writer.write(List.of(aRecord().endedAt(day1).build(), aRecord().endedAt(day1).build(),
                aRecord().requestId("broken").endedAt(day2).cost(BROKEN_COST).build(),
                aRecord().endedAt(day2).build(), aRecord().endedAt(day1).build()));

        assertThat(writes).containsExactly("2026-07-24 2", "2026-07-25 1", "2026-07-24 1");
        assertThat(lost).singleElement().asString().startsWith("1 record broken could not be serialised");
    }

    @Test
    void bufferGivesBackCapacityBeyondItsBoundAfterABatch() {
        LineBuffer buffer = new LineBuffer(8, 64);
        buffer.write(new byte[1000], 0, 1000);
        assertThat(buffer.array().length).isGreaterThanOrEqualTo(1000);

        buffer.clear();

        assertThat(buffer.size()).isZero();
        assertThat(buffer.array().length).as("bounded: a huge batch is not kept for ever").isEqualTo(8);
    }
}
