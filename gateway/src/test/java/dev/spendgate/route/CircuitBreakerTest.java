package dev.spendgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.CircuitBreakerConfig;
import dev.spendgate.config.Credentials;
import dev.spendgate.config.ProviderConfig;
import dev.spendgate.config.ProviderType;
import dev.spendgate.config.TimeoutsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CircuitBreaker breaker =
            new CircuitBreaker(new CircuitBreakerConfig(3, Duration.ofSeconds(30)), now::get);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure();
        }
    }

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.state().code()).isEqualTo(1);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.isAvailable()).isFalse();
    }

    @Test
    void successResetsTheCount() {
        fail(2);
        breaker.onSuccess();
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void afterOpenForExactlyOneProbeAndItsSuccessCloses() {
        fail(3);
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(breaker.tryAcquire()).isFalse();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(breaker.isAvailable()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.state().code()).isEqualTo(2);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.isAvailable()).isFalse();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.state().code()).isZero();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void probeFailureOpensAgainForAnotherPeriod() {
        fail(3);
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(breaker.tryAcquire()).isFalse();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void releasedProbeLetsAnotherOneThrough() {
        fail(3);
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.release();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void concurrentCallersGetOneProbe() throws InterruptedException {
        fail(3);
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (breaker.tryAcquire()) {
                    admitted.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(admitted).hasValue(1);
    }

    private static ProviderConfig provider(String id, CircuitBreakerConfig cb) {
        return new ProviderConfig(id, ProviderType.OPENAI, URI.create("https://example.test/v1"),
                new Credentials.Passthrough(), new TimeoutsConfig(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1)), 10, Map.of(), cb);
    }

    @Test
    void breakersSurviveReloadsOfUnchangedProviders() {
        CircuitBreakerConfig one = new CircuitBreakerConfig(1, Duration.ofSeconds(30));
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        providers.put("a", provider("a", one));
        providers.put("b", provider("b", one));
        CircuitBreakers breakers = new CircuitBreakers(providers, now::get);
        breakers.get("a").tryAcquire();
        breakers.get("a").onFailure();
        CircuitBreaker b = breakers.get("b");
        assertThat(breakers.isAvailable("a")).isFalse();

        Map<String, ProviderConfig> reloaded = new LinkedHashMap<>();
        reloaded.put("a", provider("a", one));
        reloaded.put("b", provider("b", new CircuitBreakerConfig(2, Duration.ofSeconds(30))));
        reloaded.put("c", provider("c", one));
        breakers.update(reloaded);
        assertThat(breakers.get("a").state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breakers.get("b")).isNotSameAs(b);
        assertThat(breakers.all()).containsOnlyKeys("a", "b", "c");

        breakers.update(Map.of("c", provider("c", one)));
        assertThat(breakers.all()).containsOnlyKeys("c");
        assertThat(breakers.get("a")).isNull();
        assertThat(breakers.isAvailable("unknown")).isTrue();
    }
}
