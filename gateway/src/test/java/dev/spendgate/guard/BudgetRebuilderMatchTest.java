package dev.spendgate.guard;

import static dev.spendgate.guard.RebuildFixtures.NOW;
import static dev.spendgate.guard.RebuildFixtures.budget;
import static dev.spendgate.guard.RebuildFixtures.day;
import static dev.spendgate.guard.RebuildFixtures.guard;
import static dev.spendgate.guard.RebuildFixtures.spent;
import static dev.spendgate.guard.RebuildFixtures.write;
import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.MatchConfig;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which records a budget is charged for, and that a rebuilt budget refuses as it did before the restart. */
class BudgetRebuilderMatchTest {

    @TempDir
    Path dir;

    @Test
    void recordsThatDoNotMatchOrWereNotMeteredAreIgnored() throws Exception {
        write(dir,
                aRecord().requestId("hit").endedAt(NOW.minusSeconds(9)).feature("summarize", "ml").cost("1").build(),
                aRecord().requestId("other-feature").endedAt(NOW.minusSeconds(8)).feature("chat", "ml").cost("2")
                        .build(),
                aRecord().requestId("unmetered").endedAt(NOW.minusSeconds(7)).feature("summarize", "ml").cost("4")
                        .outcome("upstream_5xx", "none").build(),
                aRecord().requestId("other-model").endedAt(NOW.minusSeconds(6)).feature("summarize", "ml")
                        .target("chat_completions", "openai", "gpt-4o").cost("8").build(),
                aRecord().requestId("other-key").endedAt(NOW.minusSeconds(5)).feature("summarize", "ml")
                        .guarded("billing", "gpt-4o-mini", "").cost("16").build(),
                aRecord().requestId("estimated").endedAt(NOW.minusSeconds(4)).feature("summarize", "ml")
                        .outcome("client_cancelled", "estimated").cost("32").build());
        MatchConfig match = new MatchConfig(Map.of(Dimension.FEATURE, "summarize"), Set.of("gpt-4o-mini"), null);
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW, budget("summarize", match, null, day(), "100"),
                budget("search-key", new MatchConfig(Map.of(), Set.of(), "search"), null, day(), "100"));

        RebuildReport report = BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(spent(guard, "summarize", "").usd()).as("hit + other-key + estimated").isEqualByComparingTo("49");
        assertThat(spent(guard, "search-key", "").requests()).as("no record carried key 'search'").isZero();
        assertThat(report.records()).isEqualTo(6);
        assertThat(report.matched()).isEqualTo(3);
    }

    @Test
    void downgradedRequestIsChargedToBudgetsOfBothModels() throws Exception {
        // The guard matched gpt-4o budgets, hit a downgrade, then matched the budgets of the target too.
        write(dir, aRecord().requestId("d").endedAt(NOW.minusSeconds(3)).target("chat_completions", "openai",
                "gpt-4o").guarded("svc", "gpt-4o-mini", "downgrade:big-model").cost("1").build());
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW,
                budget("big-model", new MatchConfig(Map.of(), Set.of("gpt-4o"), null), null, day(), "100"),
                budget("small-model", new MatchConfig(Map.of(), Set.of("gpt-4o-mini"), null), null, day(), "100"));

        BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(spent(guard, "big-model", "").usd()).isEqualByComparingTo("1");
        assertThat(spent(guard, "small-model", "").usd()).isEqualByComparingTo("1");
    }

    @Test
    void requestRoutedByACapIsChargedOnlyToBudgetsOfTheRoutedModel() throws Exception {
        // Caps run before budgets: the guard never saw the requested model.
        write(dir, aRecord().requestId("c").endedAt(NOW.minusSeconds(3)).target("chat_completions", "openai",
                "gpt-4o").guarded("svc", "gpt-4.1", "route:long-input").cost("1").build());
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW,
                budget("requested", new MatchConfig(Map.of(), Set.of("gpt-4o"), null), null, day(), "100"),
                budget("routed", new MatchConfig(Map.of(), Set.of("gpt-4.1"), null), null, day(), "100"));

        BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(spent(guard, "requested", "").requests()).isZero();
        assertThat(spent(guard, "routed", "").usd()).isEqualByComparingTo("1");
    }

    @Test
    void budgetAtItsLimitBeforeTheRestartBlocksAfterTheRebuild() throws Exception {
        Attribution acme = new Attribution("summarize", "ml", "acme", "free", "unattributed", "prod", "s1");
        write(dir,
                aRecord().requestId("a").endedAt(NOW.minusSeconds(600)).attribution(acme).cost("0.30").build(),
                aRecord().requestId("b").endedAt(NOW.minusSeconds(300)).attribution(acme).cost("0.20").build());
        GuardRequest next = new GuardRequest("after-restart", acme, null, "gpt-4o-mini", 10, 10);
        var freeDaily = budget("free-customer-daily", Map.of(Dimension.TIER, "free"), Dimension.CUSTOMER, day(),
                "0.50");

        BudgetGuard fresh = guard(ZoneOffset.UTC, NOW, freeDaily);
        assertThat(fresh.evaluate(next).blocked()).as("control: without the rebuild it would pass").isFalse();

        BudgetGuard restarted = guard(ZoneOffset.UTC, NOW, freeDaily);
        BudgetRebuilder.rebuild(restarted, dir, NOW);
        BudgetDecision d = restarted.evaluate(next);

        assertThat(d.blocked()).isTrue();
        assertThat(d.message()).contains("free-customer-daily", "acme");
        assertThat(d.retryAfter()).as("until midnight UTC").isEqualTo(14 * 3600);
    }
}
