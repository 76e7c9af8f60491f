package dev.spendgate.server;

import dev.spendgate.config.StateConfig;
import dev.spendgate.guard.BudgetStore;
import dev.spendgate.guard.InMemoryBudgetStore;
import dev.spendgate.guard.redis.FailoverBudgetStore;
import dev.spendgate.guard.redis.RedisBudgetStore;
import dev.spendgate.metrics.GatewayMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the budget store {@code state:} asks for, with the state-store meters for Redis. */
final class StateStores {

    private StateStores() {
    }

    static BudgetStore build(StateConfig state, Duration lease, MeterRegistry registry) {
        InMemoryBudgetStore local = new InMemoryBudgetStore(Clock.systemUTC(), InMemoryBudgetStore.DEFAULT_MAX_ENTRIES,
                lease);
        if (state.store() == StateConfig.Store.MEMORY) {
            return local;
        }
        AtomicInteger up = new AtomicInteger(1);
        Gauge.builder(GatewayMeters.STATE_STORE_UP, up, AtomicInteger::get).strongReference(true)
                .description("1 while the shared budget store (Redis) answers").register(registry);
        Counter toUp = transitions(registry, "up");
        Counter toDown = transitions(registry, "down");
        FailoverBudgetStore.Policy policy = state.onUnavailable() == StateConfig.OnUnavailable.FAIL_OPEN
                ? FailoverBudgetStore.Policy.FAIL_OPEN : FailoverBudgetStore.Policy.FAIL_CLOSED;
        return new FailoverBudgetStore(new RedisBudgetStore(state.url(), state.keyPrefix(), state.timeout(), lease),
                local, policy, state.safeUrl(), isUp -> {
                    up.set(isUp ? 1 : 0);
                    (isUp ? toUp : toDown).increment();
                });
    }

    private static Counter transitions(MeterRegistry registry, String to) {
        return Counter.builder(GatewayMeters.STATE_STORE_TRANSITIONS).tag(GatewayMeters.TAG_TO, to)
                .description("changes of the shared budget store's reachability").register(registry);
    }
}
