package dev.spendgate.flow;

import dev.spendgate.guard.GuardState;
import dev.spendgate.ledger.UsageLedger;
import dev.spendgate.metering.TokenEstimator;
import dev.spendgate.metrics.BudgetMeters;
import dev.spendgate.metrics.GatewayMeters;
import dev.spendgate.metrics.RouteMeters;
import dev.spendgate.route.CircuitBreakers;

/**
 * The long-lived components the flow records into, built once in {@code GatewayMain}.
 *
 * @param estimator tokenizer-based estimates for requests without reported usage
 * @param ledger    the usage ledger
 * @param meters    Prometheus meters
 * @param guards    guardrail state that outlives config snapshots (budget store, rate counters)
 * @param budgetMeters budget gauges and guardrail action counters
 * @param routeMeters  attempt, retry, fallback, circuit and experiment meters
 * @param breakers     circuit breakers per provider (they outlive config snapshots; updated on reload)
 */
public record FlowComponents(TokenEstimator estimator, UsageLedger ledger, GatewayMeters meters, GuardState guards,
        BudgetMeters budgetMeters, RouteMeters routeMeters, CircuitBreakers breakers) {

    /** Components with route meters in the gateway meters' registry and breakers that start with no provider. */
    public FlowComponents(TokenEstimator estimator, UsageLedger ledger, GatewayMeters meters, GuardState guards,
            BudgetMeters budgetMeters) {
        this(estimator, ledger, meters, guards, budgetMeters, new RouteMeters(meters.registry()),
                new CircuitBreakers(java.util.Map.of(), System::nanoTime));
    }
}
