package dev.spendgate.flow;

import dev.spendgate.guard.GuardState;
import dev.spendgate.ledger.UsageLedger;
import dev.spendgate.metering.TokenEstimator;
import dev.spendgate.metrics.BudgetMeters;
import dev.spendgate.metrics.GatewayMeters;

/**
 * The long-lived components the flow records into, built once in {@code GatewayMain}.
 *
 * @param estimator tokenizer-based estimates for requests without reported usage
 * @param ledger    the usage ledger
 * @param meters    Prometheus meters
 * @param guards    guardrail state that outlives config snapshots (budget store, rate counters)
 * @param budgetMeters budget gauges and guardrail action counters
 */
public record FlowComponents(TokenEstimator estimator, UsageLedger ledger, GatewayMeters meters, GuardState guards,
        BudgetMeters budgetMeters) {
}
