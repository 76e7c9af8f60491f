package dev.spendgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    @Test
    void hitReturnsTheCachedValueWithoutComputingAgain() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(4);
        AtomicInteger computed = new AtomicInteger();

        assertThat(cache.get("a", k -> computed.incrementAndGet())).isEqualTo(1);
        assertThat(cache.get("a", k -> computed.incrementAndGet())).isEqualTo(1);
        assertThat(computed).hasValue(1);
    }

    @Test
    void fullCacheStartsOverAndNeverHoldsMoreThanItsBound() {
        BoundedCache<Integer, String> cache = new BoundedCache<>(3);
        for (int i = 0; i < 100; i++) {
            assertThat(cache.get(i, String::valueOf)).isEqualTo(String.valueOf(i));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(cache.get(7, k -> "recomputed")).as("an entry dropped by a restart is computed again")
                .isEqualTo("recomputed");
    }

    @Test
    void boundMustBePositive() {
        assertThatThrownBy(() -> new BoundedCache<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
