package dev.spendgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LabelLimiterTest {

    @Test
    void valuesBeyondTheCapBecomeOtherAndKnownValuesStay() {
        LabelLimiter limiter = new LabelLimiter(2);

        assertThat(limiter.limit("search")).isEqualTo("search");
        assertThat(limiter.limit("chat")).isEqualTo("chat");
        assertThat(limiter.limit("summarise")).isEqualTo("other");
        assertThat(limiter.limit("search")).as("admitted values keep their own label").isEqualTo("search");
        assertThat(limiter.size()).isEqualTo(2);
    }

    @Test
    void emptyAndBlankAreUnattributedAndReservedValuesUseNoSlot() {
        LabelLimiter limiter = new LabelLimiter(1);

        assertThat(limiter.limit("")).isEqualTo("unattributed");
        assertThat(limiter.limit("  ")).isEqualTo("unattributed");
        assertThat(limiter.limit(null)).isEqualTo("unattributed");
        assertThat(limiter.limit("none")).isEqualTo("none");
        assertThat(limiter.limit("search")).isEqualTo("search");
        assertThat(limiter.limit("unattributed")).as("still visible after the cap is reached")
                .isEqualTo("unattributed");
    }

    @Test
    void concurrentFirstSightsNeverAdmitMoreThanTheCap() throws Exception {
        LabelLimiter limiter = new LabelLimiter(10);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        limiter.limit("v" + (i * 8 + thread));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(limiter.size()).isEqualTo(10);
    }
}
