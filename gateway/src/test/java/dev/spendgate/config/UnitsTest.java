package dev.spendgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void durationsTakeMillisecondsSecondsMinutesAndHours() {
        assertThat(Units.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Units.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Units.duration(" 1h ")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void durationsWithoutAKnownUnitAreRejected() {
        assertThat(Units.duration("30")).isNull();
        assertThat(Units.duration("1d")).isNull();
        assertThat(Units.duration("1.5s")).isNull();
        assertThat(Units.duration("-1s")).isNull();
    }

    @Test
    void windowDurationsAlsoTakeWholeDays() {
        assertThat(Units.windowDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Units.windowDuration("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Units.windowDuration("1.5d")).isNull();
        assertThat(Units.duration("7d")).as("timeouts keep rejecting days").isNull();
    }

    @Test
    void sizesAreDecimalForKbMbGbAndBinaryForKibMibGib() {
        assertThat(Units.bytes("1024")).isEqualTo(1024L);
        assertThat(Units.bytes("512KB")).isEqualTo(512_000L);
        assertThat(Units.bytes("10MB")).isEqualTo(10_000_000L);
        assertThat(Units.bytes("10mib")).isEqualTo(10L * 1024 * 1024);
        assertThat(Units.bytes("1GiB")).isEqualTo(1L << 30);
        assertThat(Units.bytes("64 MB")).isEqualTo(64_000_000L);
    }

    @Test
    void sizesThatAreNotNumbersOrOverflowAreRejected() {
        assertThat(Units.bytes("ten MB")).isNull();
        assertThat(Units.bytes("1TB")).isNull();
        assertThat(Units.bytes("999999999999999GiB")).as("overflows a long").isNull();
    }
}
