package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.config.RateLimitConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterConcurrencyTest {

    @Test
    void concurrentRequestsNeverExceedTheRequestLimit() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
        RateLimiter limiter = new RateLimiter(List.of(
                new RateLimitConfig("shared", MatchConfig.all(), null, 100L, null, true),
                new RateLimitConfig("per-tier", MatchConfig.all(), Dimension.TIER, 150L, null, true)),
                clock, 1_000);
        Attribution a = Attribution.none();
        int threads = 32;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    int allowed = 0;
                    for (int i = 0; i < perThread; i++) {
                        allowed += limiter.check(a, null, "m").allowed() ? 1 : 0;
                    }
                    return allowed;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).as("check-and-count is atomic per member").isEqualTo(100);
            assertThat(limiter.check(a, null, "m").headers()).containsEntry("X-RateLimit-Remaining", "0");
        } finally {
            pool.shutdownNow();
        }
    }
}
