package dev.spendgate.metrics;

import static dev.spendgate.testkit.BudgetFixture.day;
import static dev.spendgate.testkit.BudgetFixture.guard;
import static dev.spendgate.testkit.BudgetFixture.reserve;
import static dev.spendgate.testkit.BudgetFixture.spend;
import static dev.spendgate.testkit.BudgetFixture.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.config.WindowSpec;
import dev.spendgate.guard.BudgetGuard;
import dev.spendgate.guard.InMemoryBudgetStore;
import dev.spendgate.testkit.BudgetFixture;
import dev.spendgate.testkit.TestClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BudgetMetersTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** 06:00 in Paris (CET, UTC+1): a quarter of the local day has passed. */
    private static final Instant SIX_AM_PARIS = Instant.parse("2026-03-10T05:00:00Z");

    private final TestClock clock = new TestClock(SIX_AM_PARIS);
    private final InMemoryBudgetStore store = new InMemoryBudgetStore(clock);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<BudgetGuard> current = new AtomicReference<>();
    private final BudgetMeters meters = new BudgetMeters(registry, current::get, clock);

    @AfterEach
    void close() {
        registry.close();
    }

    private PromScrape scrape() {
        return PromScrape.parse(registry.scrape());
    }

    @Test
    void eventStringCountsTheSameSeriesAsActionAndUnknownActionsAsOther() {
        meters.event("warn:free-daily");
        meters.action("free-daily", "warn");
        meters.event("warn:free-daily");
        meters.event("explode:free-daily");
        meters.event("skip_circuit_open:gpt-4o");
        PromScrape s = scrape();

        assertThat(s.single("llm_guardrail_actions_total", "guard", "free-daily", "action", "warn")).isEqualTo(3.0);
        assertThat(s.single("llm_guardrail_actions_total", "guard", "free-daily", "action", "other")).isEqualTo(1.0);
        assertThat(s.single("llm_guardrail_actions_total", "guard", "gpt-4o", "action", "skip_circuit_open"))
                .isEqualTo(1.0);
    }

    @Test
    void unsplitBudgetExportsLimitSpentReservedRemainingAndUtilisationAtScrapeTime() {
        current.set(guard(store, PARIS, clock, usd("team-daily", "1", day(), null)));
        spend(current.get(), "c1", "0.25", 2_000);
        reserve(current.get(), "c1"); // in flight: $0.003 reserved
        PromScrape s = scrape();

        String[] labels = {"budget", "team-daily", "window", "day"};
        assertThat(s.single("llm_budget_limit_usd", labels)).isEqualTo(1.0);
        assertThat(s.single("llm_budget_spent_usd", labels)).isEqualTo(0.25);
        assertThat(s.single("llm_budget_reserved_usd", labels)).isEqualTo(0.003);
        assertThat(s.single("llm_budget_remaining_usd", labels)).as("limit - spent - reserved").isEqualTo(0.747);
        assertThat(s.single("llm_budget_utilization_ratio", labels)).as("counts reservations, like the ladder")
                .isCloseTo(0.253, within(1e-12));
        assertThat(s.single("llm_budget_reset_timestamp_seconds", labels)).as("next midnight in Paris")
                .isEqualTo(Instant.parse("2026-03-10T23:00:00Z").getEpochSecond());
        assertThat(s.find("llm_budget_limit_tokens")).as("no token limit, no token series").isEmpty();
        assertThat(s.find("llm_budget_members")).as("members only for per: budgets").isEmpty();
    }

    @Test
    void projectedSpendIsLinearOnTheCalendarWindowSoFar() {
        current.set(guard(store, PARIS, clock, usd("team-daily", "5", day(), null)));
        spend(current.get(), "c1", "0.25", 2_000);

        assertThat(scrape().single("llm_budget_projected_usd", "budget", "team-daily"))
                .as("a quarter of the local day gone: 4 x the spend").isCloseTo(1.0, within(1e-9));
        clock.advance(Duration.ofHours(6));
        assertThat(scrape().single("llm_budget_projected_usd", "budget", "team-daily"))
                .as("half the day gone: 2 x").isCloseTo(0.5, within(1e-9));
    }

    @Test
    void rollingWindowIsLabelledByItsLengthAndProjectsItsOwnSpend() {
        WindowSpec hour = new WindowSpec(WindowSpec.Kind.ROLLING, Duration.ofHours(1));
        current.set(guard(store, ZoneOffset.UTC, clock, usd("burst", "2", hour, null)));
        spend(current.get(), "c1", "0.5", 2_000);
        PromScrape s = scrape();

        assertThat(s.single("llm_budget_spent_usd", "budget", "burst", "window", "rolling 1h")).isEqualTo(0.5);
        assertThat(s.single("llm_budget_projected_usd", "budget", "burst")).isEqualTo(0.5);
        clock.advance(Duration.ofMinutes(62));
        assertThat(scrape().single("llm_budget_spent_usd", "budget", "burst")).as("spend left the window")
                .isZero();
    }

    @Test
    void perCustomerBudgetExportsAggregatesAndNeverACustomerLabel() {
        current.set(guard(store, PARIS, clock, usd("free-customer", "0.5", day(), Dimension.CUSTOMER)));
        spend(current.get(), "cust-a", "0.45", 1_000); // 90%: over warn
        spend(current.get(), "cust-b", "0.5", 1_000); // 100%: over block
        spend(current.get(), "cust-c", "0.1", 1_000);
        PromScrape s = scrape();

        assertThat(s.single("llm_budget_limit_usd", "budget", "free-customer")).as("per-member limit")
                .isEqualTo(0.5);
        assertThat(s.single("llm_budget_spent_usd", "budget", "free-customer")).as("summed")
                .isCloseTo(1.05, within(1e-12));
        assertThat(s.single("llm_budget_utilization_ratio", "budget", "free-customer")).as("largest member")
                .isEqualTo(1.0);
        assertThat(s.single("llm_budget_remaining_usd", "budget", "free-customer")).as("tightest member")
                .isZero();
        assertThat(s.single("llm_budget_members", "budget", "free-customer")).isEqualTo(3.0);
        assertThat(s.single("llm_budget_members_over", "budget", "free-customer", "threshold", "warn"))
                .isEqualTo(2.0);
        assertThat(s.single("llm_budget_members_over", "budget", "free-customer", "threshold", "block"))
                .isEqualTo(1.0);
        assertThat(s.all()).as("no series names a member")
                .noneMatch(x -> x.labels().containsKey("customer") || x.labels().containsValue("cust-a"));
    }

    @Test
    void perCustomerMembersFromTheWindowThatEndedAreNotCounted() {
        current.set(guard(store, PARIS, clock, usd("free-customer", "0.5", day(), Dimension.CUSTOMER)));
        spend(current.get(), "cust-a", "0.45", 1_000);
        clock.set(Instant.parse("2026-03-10T23:01:00Z")); // one minute into the next Paris day, within the grace

        PromScrape s = scrape();
        assertThat(s.single("llm_budget_members", "budget", "free-customer")).isZero();
        assertThat(s.single("llm_budget_spent_usd", "budget", "free-customer")).isZero();
        assertThat(s.single("llm_budget_reset_timestamp_seconds", "budget", "free-customer"))
                .isEqualTo(Instant.parse("2026-03-11T23:00:00Z").getEpochSecond());
    }

    @Test
    void tokenAndRequestSeriesExistOnlyForBudgetsWithThoseLimits() {
        BudgetConfig tokens = new BudgetConfig("tokens-only", MatchConfig.all(), null, day(), null, 10_000L, 50L,
                true, BudgetFixture.WARN_BLOCK, null);
        current.set(guard(store, PARIS, clock, tokens, usd("usd-only", "3", day(), null)));
        spend(current.get(), "c1", "0.2", 2_500);
        PromScrape s = scrape();

        assertThat(s.single("llm_budget_limit_tokens", "budget", "tokens-only")).isEqualTo(10_000.0);
        assertThat(s.single("llm_budget_spent_tokens", "budget", "tokens-only")).isEqualTo(2_500.0);
        assertThat(s.single("llm_budget_limit_requests", "budget", "tokens-only")).isEqualTo(50.0);
        assertThat(s.single("llm_budget_spent_requests", "budget", "tokens-only")).isEqualTo(1.0);
        assertThat(s.single("llm_budget_utilization_ratio", "budget", "tokens-only")).isEqualTo(0.25);
        assertThat(s.single("llm_budget_spent_usd", "budget", "tokens-only")).as("USD spend is always tracked")
                .isEqualTo(0.2);
        assertThat(s.find("llm_budget_limit_usd", "budget", "tokens-only")).isEmpty();
        assertThat(s.find("llm_budget_remaining_usd", "budget", "tokens-only")).isEmpty();
        assertThat(s.find("llm_budget_limit_tokens", "budget", "usd-only")).isEmpty();
        assertThat(s.find("llm_budget_spent_requests", "budget", "usd-only")).isEmpty();
    }

    @Test
    void reloadAddsNewBudgetsAndDropsRemovedOnesAtTheNextScrape() {
        BudgetConfig kept = usd("kept", "1", day(), null);
        current.set(guard(store, PARIS, clock, kept, usd("removed", "1", day(), null)));
        spend(current.get(), "c1", "0.4", 1_000);
        assertThat(scrape().find("llm_budget_spent_usd", "budget", "removed")).hasSize(1);

        current.set(guard(store, PARIS, clock, kept, usd("added", "2", day(), null)));
        PromScrape s = scrape();
        assertThat(s.find("llm_budget_spent_usd", "budget", "removed")).isEmpty();
        assertThat(s.single("llm_budget_limit_usd", "budget", "added")).isEqualTo(2.0);
        assertThat(s.single("llm_budget_spent_usd", "budget", "kept")).as("unchanged budget keeps its spend")
                .isEqualTo(0.4);
    }

    @Test
    void guardEventsAreCountedByGuardAndAction() {
        current.set(guard(store, PARIS, clock, usd("team-daily", "1", day(), null)));
        spend(current.get(), "c1", "0.85", 1_000); // 85%: the next request warns
        meters.actions(reserve(current.get(), "c1").events());
        meters.action("team-daily", "shadow_block");
        meters.action("team-daily", "shadow_block");
        PromScrape s = scrape();

        assertThat(s.single("llm_guardrail_actions_total", "guard", "team-daily", "action", "warn")).isEqualTo(1.0);
        assertThat(s.single("llm_guardrail_actions_total", "guard", "team-daily", "action", "shadow_block"))
                .isEqualTo(2.0);
    }

    @Test
    void unknownActionsAndGuardsBeyondTheCapAreLabelledOther() {
        PrometheusMeterRegistry small = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BudgetMeters capped = new BudgetMeters(small, current::get, clock, 2);
        current.set(guard(store, PARIS, clock));
        capped.action("a", "explode");
        capped.action("b", "rate_limited");
        capped.action("c", "rate_limited");
        PromScrape s = PromScrape.parse(small.scrape());

        assertThat(s.single("llm_guardrail_actions_total", "guard", "a", "action", "other")).isEqualTo(1.0);
        assertThat(s.single("llm_guardrail_actions_total", "guard", "b", "action", "rate_limited")).isEqualTo(1.0);
        assertThat(s.single("llm_guardrail_actions_total", "guard", "other", "action", "rate_limited"))
                .as("third guard name beyond a cap of 2").isEqualTo(1.0);
        small.close();
    }

    @Test
    void budgetWithoutSpendExportsZerosAndFullRemaining() {
        current.set(guard(store, PARIS, clock, usd("idle", "7.5", day(), null),
                usd("idle-per", "0.5", day(), Dimension.CUSTOMER)));
        PromScrape s = scrape();

        assertThat(s.single("llm_budget_spent_usd", "budget", "idle")).isZero();
        assertThat(s.single("llm_budget_remaining_usd", "budget", "idle")).isEqualTo(7.5);
        assertThat(s.single("llm_budget_projected_usd", "budget", "idle")).isZero();
        assertThat(s.single("llm_budget_remaining_usd", "budget", "idle-per")).isEqualTo(0.5);
        assertThat(s.single("llm_budget_members", "budget", "idle-per")).isZero();
    }

    @Test
    void failingBudgetReadLeavesOutOnlyTheBudgetGauges() {
        PrometheusMeterRegistry other = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BudgetMeters broken = new BudgetMeters(other, () -> {
            throw new IllegalStateException("store down");
        }, clock);
        broken.action("team-daily", "block");
        PromScrape s = PromScrape.parse(other.scrape());

        assertThat(s.single("llm_guardrail_actions_total", "action", "block")).isEqualTo(1.0);
        assertThat(s.all()).noneMatch(x -> x.name().startsWith("llm_budget_"));
        other.close();
    }
}
