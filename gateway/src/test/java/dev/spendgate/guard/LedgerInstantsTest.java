package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LedgerInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-07-24T09:58:59Z", "2026-07-24T09:58:59.1Z", "2026-07-24T09:58:59.123Z",
            "2026-07-24T09:58:59.123456Z", "2026-07-24T09:58:59.123456789Z", "2024-02-29T23:59:59.999Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z",
            "+12026-01-01T00:00:00Z", "2026-07-24T24:00:00Z"})
    void parsesEveryInstantAsInstantParseDoes(String text) {
        assertThat(LedgerInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @Test
    void writerOutputRoundTripsAtEveryPrecision() {
        for (long nanos : new long[] {0, 100_000_000, 120_000_000, 123_000_000, 123_400_000, 123_456_000,
                123_456_700, 123_456_789, 1}) {
            Instant i = Instant.ofEpochSecond(1_785_000_000L, nanos);
            assertThat(LedgerInstants.parse(i.toString())).isEqualTo(i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-07-24T09:58Z",
            "2026-07-24T09:5x:59Z", "2026-07-24 09:58:59Z", "2026-07-24T09:58:59.1234567890Z", "yesterday", ""})
    void garbageIsRejectedNotMisread(String text) {
        assertThatThrownBy(() -> LedgerInstants.parse(text)).isInstanceOf(DateTimeException.class);
    }
}
