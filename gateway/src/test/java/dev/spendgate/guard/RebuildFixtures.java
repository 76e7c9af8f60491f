package dev.spendgate.guard;

import dev.spendgate.testkit.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.LadderStep;
import dev.spendgate.config.LedgerConfig;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.config.WindowSpec;
import dev.spendgate.ledger.AsyncLedgerWriter;
import dev.spendgate.ledger.UsageRecord;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Budgets, a guard over a fresh store, and ledger files written by the real writer, for rebuild tests. */
final class RebuildFixtures {

    /** A Friday in July; the ledger's "today". */
    static final Instant NOW = Instant.parse("2026-07-24T10:00:00Z");

    private RebuildFixtures() {
    }

    /** A budget blocking at 100% of {@code limitUsd}, matching {@code match}, split {@code per} (or not). */
    static BudgetConfig budget(String name, Map<Dimension, String> match, @Nullable Dimension per, WindowSpec window,
            String limitUsd) {
        return budget(name, new MatchConfig(match, Set.of(), null), per, window, limitUsd);
    }

    static BudgetConfig budget(String name, MatchConfig match, @Nullable Dimension per, WindowSpec window,
            String limitUsd) {
        return new BudgetConfig(name, match, per, window, new BigDecimal(limitUsd), null, null, true,
                List.of(new LadderStep(BigDecimal.ONE, LadderStep.Action.BLOCK, null)), null);
    }

    static WindowSpec day() {
        return new WindowSpec(WindowSpec.Kind.DAY, null);
    }

    /** A guard (no model prices: worst cases cost nothing) over a fresh in-memory store whose clock reads now. */
    static BudgetGuard guard(ZoneId zone, Instant now, BudgetConfig... budgets) {
        TestClock clock = new TestClock(now);
        return new BudgetGuard(List.of(budgets), Map.of(), Map.of(), new InMemoryBudgetStore(clock), zone, clock);
    }

    /** The budget of that name, as the guard compiled it. */
    static CompiledBudget compiled(BudgetGuard guard, String name) {
        return guard.budgets().stream().filter(b -> b.config().name().equals(name)).findFirst().orElseThrow();
    }

    /** The spent total of a budget member's current window. */
    static Amount spent(BudgetGuard guard, String name, String member) {
        return guard.store().state(guard.windowFor(compiled(guard, name), member)).spent();
    }

    /** Writes the records with the production writer (one file per UTC day of ended_at) and waits for it. */
    static void write(Path dir, UsageRecord... records) {
        AtomicLong drops = new AtomicLong();
        try (AsyncLedgerWriter w = new AsyncLedgerWriter(new LedgerConfig(true, dir, records.length + 1),
                Clock.systemUTC(), drops::addAndGet)) {
            for (UsageRecord r : records) {
                assertThat(w.append(r)).isTrue();
            }
        }
        assertThat(drops).hasValue(0);
    }

    /** The record with another start instant (the test kit's builder puts it one second before the end). */
    static UsageRecord startedAt(UsageRecord r, Instant start) {
        return new UsageRecord(r.requestId(), start, r.endedAt(), r.feature(), r.team(), r.customer(), r.tier(),
                r.experiment(), r.environment(), r.session(), r.endpoint(), r.provider(), r.requestedModel(),
                r.servedModel(), r.stream(), r.inputTokens(), r.cachedInputTokens(), r.cacheWrite5mTokens(),
                r.cacheWrite1hTokens(), r.outputTokens(), r.reasoningTokens(), r.costUsd(), r.usageSource(),
                r.outcome(), r.httpStatus(), r.latencyMs(), r.ttftMs(), r.key(), r.routedModel(), r.guardrails());
    }
}
