package dev.spendgate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestRecorderTest {

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.004, 0.005, 1.5, 12.345, 373.35286, 99.999, 1234567.891, -0.5, -12.34})
    void accessLogMillisPrintLikeTwoDecimalFormat(double ms) {
        assertThat(RequestRecorder.millis(ms)).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", ms));
    }
}
