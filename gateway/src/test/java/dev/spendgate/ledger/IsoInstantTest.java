package dev.spendgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantTest {

    private final IsoInstant iso = new IsoInstant();

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "2026-07-24T23:59:59.123456Z", "2026-07-24T23:59:59.123Z",
        "2026-07-25T00:00:00.000000001Z", "2026-07-25T00:00:00.100Z", "2026-07-25T00:00:00.000100Z",
        "2000-02-29T12:00:59Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z", "-0001-06-15T12:30:00.500Z"})
    void printsLikeInstantToString(String text) {
        Instant instant = Instant.parse(text);

        assertThat(iso.toString(instant)).isEqualTo(instant.toString());
    }

    @Test
    void printsLikeInstantToStringForRandomInstantsInAnyOrder() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long seconds = switch (i % 3) {
                case 0 -> 1_780_000_000L + random.nextInt(1_000_000);
                case 1 -> random.nextLong() % 300_000_000_000L;
                default -> random.nextInt(Integer.MAX_VALUE);
            };
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);

            assertThat(iso.toString(instant)).as("the day cache must not leak into another day")
                    .isEqualTo(instant.toString());
        }
    }
}
