package dev.spendgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final RetryConfig CFG = RetryConfig.defaults();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-08-11T07:24:31Z"), ZoneOffset.UTC);

    @Test
    void fullJitterStaysWithinTheExponentialCap() {
        SplittableRandom rnd = new SplittableRandom(3);
        long[] caps = {200, 400, 800, 1600, 3200, 5000, 5000, 5000};
        for (int retry = 1; retry <= caps.length; retry++) {
            long max = 0;
            for (int i = 0; i < 2000; i++) {
                Duration d = Backoff.delayBeforeRetry(retry, null, CFG, rnd);
                assertThat(d).isNotNull().isBetween(Duration.ZERO, Duration.ofMillis(caps[retry - 1]));
                max = Math.max(max, d.toMillis());
            }
            assertThat(max).as("jitter spans the range").isGreaterThan(caps[retry - 1] * 9 / 10);
        }
        assertThat(Backoff.delayBeforeRetry(1000, null, CFG, rnd)).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void retryAfterIsWaitedInFullUnlessItExceedsTheMaximum() {
        SplittableRandom rnd = new SplittableRandom(3);
        assertThat(Backoff.delayBeforeRetry(1, Duration.ofSeconds(4), CFG, rnd)).isEqualTo(Duration.ofSeconds(4));
        assertThat(Backoff.delayBeforeRetry(1, Duration.ofSeconds(30), CFG, rnd)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.delayBeforeRetry(1, Duration.ofSeconds(31), CFG, rnd)).isNull();
    }

    @Test
    void parsesDeltaSeconds() {
        assertThat(Backoff.parseRetryAfter("4", CLOCK)).isEqualTo(Duration.ofSeconds(4));
        assertThat(Backoff.parseRetryAfter(" 0 ", CLOCK)).isEqualTo(Duration.ZERO);
        assertThat(Backoff.parseRetryAfter("99999999999999999999", CLOCK)).isGreaterThan(Duration.ofDays(365));
        assertThat(Backoff.parseRetryAfter("-1", CLOCK)).isNull();
        assertThat(Backoff.parseRetryAfter("1.5", CLOCK)).isNull();
        assertThat(Backoff.parseRetryAfter("soon", CLOCK)).isNull();
        assertThat(Backoff.parseRetryAfter("", CLOCK)).isNull();
    }

    @Test
    void parsesTheThreeHttpDateForms() {
        assertThat(Backoff.parseRetryAfter("Mon, 11 Aug 2025 07:25:01 GMT", CLOCK)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.parseRetryAfter("Monday, 11-Aug-25 07:25:01 GMT", CLOCK))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.parseRetryAfter("Mon Aug 11 07:25:01 2025", CLOCK)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.parseRetryAfter("Sun Nov  6 08:49:37 1994", CLOCK)).isEqualTo(Duration.ZERO);
        assertThat(Backoff.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", CLOCK)).isEqualTo(Duration.ZERO);
        assertThat(Backoff.parseRetryAfter("Mon, 32 Aug 2025 07:25:01 GMT", CLOCK)).isNull();
    }

    @Test
    void parsesOpenAiRetryAfterMsAndPrefersIt() {
        assertThat(Backoff.parseRetryAfterMs("20")).isEqualTo(Duration.ofMillis(20));
        assertThat(Backoff.parseRetryAfterMs("1.5")).isEqualTo(Duration.ofNanos(1_500_000));
        assertThat(Backoff.parseRetryAfterMs("-3")).isNull();
        assertThat(Backoff.parseRetryAfterMs("x")).isNull();
        assertThat(Backoff.retryAfter("250", "4", CLOCK)).isEqualTo(Duration.ofMillis(250));
        assertThat(Backoff.retryAfter("bad", "4", CLOCK)).isEqualTo(Duration.ofSeconds(4));
        assertThat(Backoff.retryAfter(null, null, CLOCK)).isNull();
    }
}
