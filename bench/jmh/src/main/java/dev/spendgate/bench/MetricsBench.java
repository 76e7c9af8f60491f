package dev.spendgate.bench;

import dev.spendgate.config.GatewayConfig;
import dev.spendgate.ledger.UsageRecord;
import dev.spendgate.metrics.BudgetMeters;
import dev.spendgate.metrics.GatewayMeters;
import dev.spendgate.metrics.RouteMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording one finished request into the Prometheus meters (counters, cost, duration and TTFT histograms):
 * {@code record} is {@link GatewayMeters#record}; {@code recordAll} is every meter the request recorder moves for
 * a request routed by an experiment with two guardrail actions (requests, spend, latency, session, experiment
 * arm, guardrail actions), rotating over 64 varied records of a few label tuples.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsBench {

    private static final String[] GUARDRAILS = {"warn:free-daily", "downgrade:free-daily"};

    private GatewayMeters meters = newMeters();
    private RouteMeters routes = new RouteMeters(meters.registry());
    private BudgetMeters budgets = new BudgetMeters(meters.registry(), () -> null, Clock.systemUTC());
    private final UsageRecord[] records = BenchRecords.records(64);
    private int next;
    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private final UsageRecord record = new UsageRecord("gw-1", start, start.plusMillis(2), "search", "search", "c1",
            "pro", "unattributed", "bench", "s-bench-1", "chat_completions", "openai", "gpt-4o-mini",
            "gpt-4o-mini-2024-07-18", true, 42, 0, 0, 0, 38, 0, new BigDecimal("0.0000291"), "provider", "success",
            200, 1.2, 0.8, null, "gpt-4o-mini", "");

    private static GatewayMeters newMeters() {
        GatewayConfig config = BenchFixtures.config();
        return new GatewayMeters(config.metrics(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                config.models().keySet());
    }

    /** Fresh meters per trial. */
    @Setup
    public void setup() {
        meters = newMeters();
        routes = new RouteMeters(meters.registry());
        budgets = new BudgetMeters(meters.registry(), () -> null, Clock.systemUTC());
    }

    /** Closes the meters. */
    @TearDown
    public void tearDown() {
        meters.close();
    }

    /** Records one streamed request. */
    @Benchmark
    public void record() {
        meters.record(record);
    }

    /** Everything the request recorder records in meters for one request. */
    @Benchmark
    public void recordAll() {
        UsageRecord r = records[next++ & 63];
        meters.record(r);
        routes.experiment(r);
        for (String event : GUARDRAILS) {
            budgets.event(event);
        }
    }
}
