package dev.spendgate.metrics;

import dev.spendgate.ledger.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** The token counters (one per type) and the exact cost counter of one {@link SpendLabels} tuple. */
final class SpendSeries {

    private final Counter input;
    private final Counter cachedInput;
    private final Counter cacheWrite5m;
    private final Counter cacheWrite1h;
    private final Counter output;
    private final Counter reasoning;
    private final ExactSum cost = new ExactSum();

    /** Registers the seven series; called once per tuple. */
    SpendSeries(SpendLabels labels, MeterRegistry registry) {
        Tags tags = labels.tags();
        input = tokens(registry, tags, GatewayMeters.TYPE_INPUT);
        cachedInput = tokens(registry, tags, GatewayMeters.TYPE_CACHED_INPUT);
        cacheWrite5m = tokens(registry, tags, GatewayMeters.TYPE_CACHE_WRITE_5M);
        cacheWrite1h = tokens(registry, tags, GatewayMeters.TYPE_CACHE_WRITE_1H);
        output = tokens(registry, tags, GatewayMeters.TYPE_OUTPUT);
        reasoning = tokens(registry, tags, GatewayMeters.TYPE_REASONING);
        FunctionCounter.builder(GatewayMeters.COST, cost, ExactSum::value)
                .description("Exact cost in USD (exact decimal sum, exported as the nearest double)")
                .tags(tags)
                .register(registry);
    }

    private static Counter tokens(MeterRegistry registry, Tags tags, String type) {
        return Counter.builder(GatewayMeters.TOKENS)
                .description("Tokens by type; reasoning is a subset of output, never add it to output")
                .tags(tags)
                .tag(GatewayMeters.TAG_TYPE, type)
                .register(registry);
    }

    /** Adds one request's tokens and cost. */
    void add(UsageRecord r) {
        input.increment(r.inputTokens());
        cachedInput.increment(r.cachedInputTokens());
        cacheWrite5m.increment(r.cacheWrite5mTokens());
        cacheWrite1h.increment(r.cacheWrite1hTokens());
        output.increment(r.outputTokens());
        reasoning.increment(r.reasoningTokens());
        cost.add(r.costUsd());
    }
}
