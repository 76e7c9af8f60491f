package dev.spendgate.metrics;

import dev.spendgate.config.LadderStep;
import dev.spendgate.guard.BudgetGuard;
import dev.spendgate.guard.WindowState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget gauges of {@link BudgetMeters}, computed when Prometheus scrapes: one read of every budget per
 * scrape ({@link BudgetReader}), from which every gauge of a budget is taken, so limit, spent, reserved and
 * remaining agree with each other within a scrape. The series are whatever the current guard's budgets are: a
 * budget added by a reload appears at the next scrape, and a removed one disappears from it (Prometheus then
 * marks its series stale) - nothing is registered per budget, so nothing can linger or leak.
 */
final class BudgetCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetCollector.class);

    private final Supplier<BudgetGuard> guard;
    private final Clock clock;

    BudgetCollector(Supplier<BudgetGuard> guard, Clock clock) {
        this.guard = guard;
        this.clock = clock;
    }

    @Override
    public MetricSnapshots collect() {
        List<BudgetReading> readings;
        try {
            readings = BudgetReader.read(guard.get(), clock.instant());
        } catch (RuntimeException e) {
            // A failing read (e.g. a shared store that is down) must not take the rest of /metrics with it.
            LOG.warn("Budget gauges left out of this scrape: reading the budgets failed", e);
            return new MetricSnapshots(List.of());
        }
        Map<String, GaugeSnapshot.Builder> families = new LinkedHashMap<>();
        for (BudgetReading r : readings) {
            add(families, r);
        }
        List<MetricSnapshot> out = new ArrayList<>(families.size());
        families.values().forEach(b -> out.add(b.build()));
        return new MetricSnapshots(out);
    }

    @Override
    public List<String> getPrometheusNames() {
        return BudgetMeters.GAUGES;
    }

    private static void add(Map<String, GaugeSnapshot.Builder> families, BudgetReading r) {
        String name = r.budget().config().name();
        Labels labels = Labels.of(BudgetMeters.TAG_BUDGET, name, BudgetMeters.TAG_WINDOW, r.windowLabel());
        WindowState total = r.total();
        BigDecimal limitUsd = r.budget().limits().usd();
        BigDecimal remainingUsd = r.remainingUsd();
        if (limitUsd != null && remainingUsd != null) {
            put(families, BudgetMeters.LIMIT_USD, labels, limitUsd.doubleValue());
            put(families, BudgetMeters.REMAINING_USD, labels, remainingUsd.doubleValue());
        }
        put(families, BudgetMeters.SPENT_USD, labels, total.spent().usd().doubleValue());
        put(families, BudgetMeters.RESERVED_USD, labels, total.reserved().usd().doubleValue());
        put(families, BudgetMeters.UTILIZATION, labels, r.utilisation());
        put(families, BudgetMeters.RESET_TIMESTAMP, labels, r.window().resetsAt().toEpochMilli() / 1000d);
        put(families, BudgetMeters.PROJECTED_USD, labels, r.projectedUsd());
        Long limitTokens = r.budget().limits().tokens();
        if (limitTokens != null) {
            put(families, BudgetMeters.LIMIT_TOKENS, labels, limitTokens);
            put(families, BudgetMeters.SPENT_TOKENS, labels, total.spent().tokens());
        }
        Long limitRequests = r.budget().limits().requests();
        if (limitRequests != null) {
            put(families, BudgetMeters.LIMIT_REQUESTS, labels, limitRequests);
            put(families, BudgetMeters.SPENT_REQUESTS, labels, total.spent().requests());
        }
        if (r.split()) {
            Labels budget = Labels.of(BudgetMeters.TAG_BUDGET, name);
            put(families, BudgetMeters.MEMBERS, budget, r.members().size());
            over(families, r, name, LadderStep.Action.WARN);
            over(families, r, name, LadderStep.Action.BLOCK);
        }
    }

    /** Members at or over the ladder's {@code action} threshold; no series when the ladder lacks the step. */
    private static void over(Map<String, GaugeSnapshot.Builder> families, BudgetReading r, String name,
            LadderStep.Action action) {
        Double at = r.threshold(action);
        if (at != null) {
            put(families, BudgetMeters.MEMBERS_OVER,
                    Labels.of(BudgetMeters.TAG_BUDGET, name, BudgetMeters.TAG_THRESHOLD, action.label()),
                    r.membersAtOrAbove(at));
        }
    }

    private static void put(Map<String, GaugeSnapshot.Builder> families, String name, Labels labels, double v) {
        families.computeIfAbsent(name, n -> GaugeSnapshot.builder().name(n).help(BudgetMeters.help(n)))
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(v).build());
    }
}
