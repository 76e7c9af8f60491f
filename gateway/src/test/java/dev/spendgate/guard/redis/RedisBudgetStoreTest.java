package dev.spendgate.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spendgate.config.WindowSpec;
import dev.spendgate.guard.Amount;
import dev.spendgate.guard.BudgetWindows;
import dev.spendgate.guard.Limits;
import dev.spendgate.guard.WindowRef;
import dev.spendgate.guard.WindowState;
import dev.spendgate.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisBudgetStore} against a real redis-server, with two store instances standing for two replicas. */
final class RedisBudgetStoreTest {

    private static final WindowSpec DAY = new WindowSpec(WindowSpec.Kind.DAY, null);
    private static final Limits ONE_DOLLAR = new Limits(new BigDecimal("1.00"), null, null);
    private static RedisServer server;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.startNew();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        server.close();
    }

    private static RedisBudgetStore store(Duration lease) {
        RedisBudgetStore s = new RedisBudgetStore(server.url(), "t:", Duration.ofMillis(500), lease);
        assertThat(s.connect()).as(() -> s.lastConnectFailure() + "\n" + server.log()).isTrue();
        return s;
    }

    private static WindowRef window(String budget) {
        return BudgetWindows.windowFor(budget, "", DAY, ZoneOffset.UTC, Instant.now());
    }

    private static Amount usd(String v) {
        return new Amount(new BigDecimal(v), 10, 1);
    }

    @Test
    void reserveChecksTheLimitAndSettleIsAppliedOnce() {
        try (RedisBudgetStore a = store(Duration.ofMinutes(5)); RedisBudgetStore b = store(Duration.ofMinutes(5))) {
            WindowRef w = window("once-" + UUID.randomUUID());
            assertThat(a.reserve(w, "r1", usd("0.60"), ONE_DOLLAR, false).granted()).isTrue();
            assertThat(b.reserve(w, "r2", usd("0.60"), ONE_DOLLAR, false).granted()).isFalse();
            a.settle(w, "r1", usd("0.25"));
            b.settle(w, "r1", usd("0.25")); // a retried settle, from another replica
            a.release(w, "r1");
            assertThat(b.state(w)).isEqualTo(new WindowState(usd("0.25"), Amount.ZERO));
            assertThat(b.reserve(w, "r2", usd("0.60"), ONE_DOLLAR, false).granted()).isTrue();
            b.release(w, "r2");
            b.settle(w, "r2", usd("0.60"));
            assertThat(a.state(w).committed()).isEqualTo(usd("0.25"));
        }
    }

    /**
     * A fallback or a retry re-reserves under the same request id after releasing (or settling a paid attempt):
     * the new reservation's settle must still charge its spend and free it, as in {@code InMemoryBudgetStore}.
     */
    @Test
    void aReservationMadeAgainUnderTheSameIdAfterItsReleaseOrSettleIsSettled() {
        try (RedisBudgetStore a = store(Duration.ofMinutes(5)); RedisBudgetStore b = store(Duration.ofMinutes(5))) {
            WindowRef w = window("again-" + UUID.randomUUID());
            assertThat(a.reserve(w, "r1", usd("0.60"), ONE_DOLLAR, false).granted()).isTrue();
            a.release(w, "r1");
            assertThat(a.reserve(w, "r1", usd("0.50"), ONE_DOLLAR, false).granted()).isTrue();
            a.settle(w, "r1", usd("0.20"));
            b.settle(w, "r1", usd("0.20")); // retried: still once
            assertThat(b.state(w).spent().usd()).isEqualByComparingTo("0.20");
            assertThat(b.state(w).spent().requests()).isEqualTo(1);
            assertThat(b.state(w).reserved()).isEqualTo(Amount.ZERO);
            // A paid attempt settles, the next attempt reserves again and settles its own spend.
            assertThat(a.reserve(w, "r2", usd("0.30"), ONE_DOLLAR, false).granted()).isTrue();
            a.settle(w, "r2", usd("0.10"));
            assertThat(a.reserve(w, "r2", usd("0.30"), ONE_DOLLAR, false).granted()).isTrue();
            a.settle(w, "r2", usd("0.15"));
            assertThat(b.state(w).spent().usd()).isEqualByComparingTo("0.45");
            assertThat(b.state(w).reserved()).isEqualTo(Amount.ZERO);
        }
    }

    @Test
    void twoReplicasUnderConcurrentLoadNeverCommitMoreThanTheLimit() throws Exception {
        WindowRef w = window("fleet-" + UUID.randomUUID());
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RedisBudgetStore a = store(Duration.ofMinutes(5)); RedisBudgetStore b = store(Duration.ofMinutes(5))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                RedisBudgetStore s = t % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        String id = UUID.randomUUID().toString();
                        if (s.reserve(w, id, usd("0.03"), ONE_DOLLAR, false).granted()) {
                            granted.incrementAndGet();
                            assertThat(s.state(w).committed().usd()).isLessThanOrEqualTo(new BigDecimal("1.00"));
                            s.settle(w, id, usd("0.03"));
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            // Committed only grows and each settle equals its reservation: exactly floor(1.00 / 0.03) fit.
            assertThat(granted).hasValue(33);
            assertThat(a.state(w)).isEqualTo(new WindowState(new Amount(new BigDecimal("0.99"), 330, 33),
                    Amount.ZERO));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReplicaThatDiesMidRequestFreesItsReservationAfterTheLease() {
        WindowRef w = window("lease-" + UUID.randomUUID());
        RedisBudgetStore dying = store(Duration.ofSeconds(1));
        try (RedisBudgetStore survivor = store(Duration.ofSeconds(1))) {
            assertThat(dying.reserve(w, "lost", usd("0.90"), ONE_DOLLAR, false).granted()).isTrue();
            dying.close(); // never settles
            assertThat(survivor.reserve(w, "next", usd("0.90"), ONE_DOLLAR, false).granted()).isFalse();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> survivor.state(w).reserved().requests() == 0);
            assertThat(survivor.reserve(w, "next", usd("0.90"), ONE_DOLLAR, false).granted()).isTrue();
            survivor.settle(w, "lost", usd("0.05")); // a late settle still charges once
            survivor.settle(w, "lost", usd("0.05"));
            assertThat(survivor.state(w)).isEqualTo(new WindowState(usd("0.05"), usd("0.9")));
        }
    }

    @Test
    void everyKeyExpires() {
        try (RedisBudgetStore a = store(Duration.ofMinutes(5))) {
            WindowRef w = window("ttl-" + UUID.randomUUID());
            a.reserve(w, "x", usd("0.10"), ONE_DOLLAR, false);
            a.settle(w, "x", usd("0.10"));
            a.addSpent(w, usd("0.01"));
            RedisClient client = RedisClient.create(server.url());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                List<String> keys = c.sync().keys("t:*");
                assertThat(keys).isNotEmpty();
                for (String k : keys) {
                    assertThat(c.sync().pttl(k)).as(k).isPositive();
                }
            } finally {
                client.shutdown();
            }
        }
    }
}
