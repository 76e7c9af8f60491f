package dev.spendgate.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spendgate.config.WindowSpec;
import dev.spendgate.guard.Amount;
import dev.spendgate.guard.BudgetWindows;
import dev.spendgate.guard.InMemoryBudgetStore;
import dev.spendgate.guard.Limits;
import dev.spendgate.guard.WindowRef;
import dev.spendgate.testkit.RedisServer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link FailoverBudgetStore} under fail_open against a real redis-server that goes away and comes back. */
final class FailoverBudgetStoreTest {

    private static final Limits TEN_DOLLARS = new Limits(new BigDecimal("10"), null, null);
    private static RedisServer server;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.startNew();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        server.close();
    }

    /**
     * A request reserved in Redis, which then went away; its fallback re-check released that reservation (queued)
     * and reserved locally; it ended with a spend counted locally. When Redis returns, the queued release must not
     * swallow the push of that spend: it reaches Redis, once.
     */
    @Test
    void aLocalSpendOfARequestWhoseRedisReservationWasReleasedDuringTheOutageIsPushedOnce() throws Exception {
        Duration lease = Duration.ofMinutes(5);
        RedisBudgetStore redis = new RedisBudgetStore(server.url(), "fo-" + UUID.randomUUID() + ":",
                Duration.ofMillis(300), lease);
        try (FailoverBudgetStore store = new FailoverBudgetStore(redis,
                new InMemoryBudgetStore(Clock.systemUTC(), 1000, lease), FailoverBudgetStore.Policy.FAIL_OPEN,
                "test", up -> { })) {
            WindowRef w = BudgetWindows.windowFor("b", "", new WindowSpec(WindowSpec.Kind.DAY, null), ZoneOffset.UTC,
                    Instant.now());
            Amount worst = new Amount(new BigDecimal("1"), 100, 1);
            assertThat(store.reserve(w, "r1", worst, TEN_DOLLARS, false).granted()).isTrue();
            assertThat(store.up()).isTrue();
            server.stop();
            try {
                store.release(w, "r1"); // fails: queued, Redis marked down
                await().atMost(Duration.ofSeconds(5)).until(() -> !store.up());
                assertThat(store.reserve(w, "r1", worst, TEN_DOLLARS, false).granted()).isTrue(); // locally
                store.settle(w, "r1", new Amount(new BigDecimal("0.25"), 50, 1));
            } finally {
                server.start();
            }
            await().atMost(Duration.ofSeconds(10)).until(store::up);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> assertThat(redis.state(w).spent().usd()).isEqualByComparingTo("0.25"));
            store.settle(w, "r1", new Amount(new BigDecimal("0.25"), 50, 1)); // a late repeat changes nothing
            Thread.sleep(200);
            assertThat(redis.state(w).spent().usd()).isEqualByComparingTo("0.25");
            assertThat(redis.state(w).reserved()).isEqualTo(Amount.ZERO);
        }
    }
}
