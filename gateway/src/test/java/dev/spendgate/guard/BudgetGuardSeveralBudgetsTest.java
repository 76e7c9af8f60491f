package dev.spendgate.guard;

import static dev.spendgate.guard.GuardHarness.GPT_4O;
import static dev.spendgate.guard.GuardHarness.MINI;
import static dev.spendgate.guard.GuardHarness.assertZero;
import static dev.spendgate.guard.GuardHarness.cost;
import static dev.spendgate.guard.GuardHarness.events;
import static dev.spendgate.guard.GuardHarness.request;
import static dev.spendgate.guard.GuardHarness.who;
import static dev.spendgate.guard.TestBudget.block;
import static dev.spendgate.guard.TestBudget.downgrade;
import static dev.spendgate.guard.TestBudget.warn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Dimension;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Several budgets on one request: the strictest action wins, every matched budget is charged, and a refusal
 * leaves nothing reserved anywhere. Also {@code per: customer}, which makes one budget per customer.
 */
class BudgetGuardSeveralBudgetsTest {

    private static final TestBudget TEAM = TestBudget.named("team-t").usd("1.00").match(Dimension.TEAM, "t");
    private static final TestBudget ALL = TestBudget.named("all").usd("10.00")
            .ladder(warn("0.8"), downgrade("0.9", MINI), block("1.0"));

    @Test
    void aBlockInOneBudgetBeatsAWarnInAnother() {
        GuardHarness h = new GuardHarness(ALL.build(), TEAM.build());
        h.spend("s1", who("t", "c"), GPT_4O, 0, 100_000);
        h.spend("s2", who("other", "c"), GPT_4O, 0, 700_000);

        BudgetDecision d = h.guard.evaluate(request("r1", who("t", "c"), GPT_4O, 10, 10));

        assertThat(h.state("all").spent().usd()).isEqualByComparingTo("8.00");
        assertThat(d.blocked()).isTrue();
        assertThat(d.message()).contains("'team-t'");
        assertThat(events(d)).containsExactly("warn:all", "block:team-t");
        assertZero(h.state("all").reserved(), "the warned budget reserved nothing for a refused request");
    }

    @Test
    void aDowngradeInOneBudgetBeatsAWarnInAnother() {
        GuardHarness h = new GuardHarness(TEAM.ladder(warn("0.8"), block("1.0")).build(), ALL.build());
        h.spend("s1", who("t", "c"), GPT_4O, 0, 80_000);
        h.spend("s2", who("other", "c"), GPT_4O, 0, 820_000);

        BudgetDecision d = h.guard.evaluate(request("r1", who("t", "c"), GPT_4O, 1_000, 1_000));

        assertThat(d.model()).isEqualTo(MINI);
        assertThat(events(d)).containsExactly("warn:team-t", "downgrade:all");
        assertThat(d.warnings()).hasSize(2);
        assertThat(h.state("team-t").reserved().usd()).as("every budget reserves at the downgraded price")
                .isEqualByComparingTo(cost(MINI, 1_000, 1_000));
    }

    @Test
    void everyMatchedBudgetIsChargedTheActualSpendAndNoOther() {
        GuardHarness h = new GuardHarness(TEAM.build(), ALL.build(),
                TestBudget.named("customer-x").usd("1.00").match(Dimension.CUSTOMER, "x").build());

        BudgetDecision d = h.guard.evaluate(request("r1", who("t", "c"), GPT_4O, 1_000, 4_000));
        Amount actual = new Amount(cost(GPT_4O, 1_000, 321), 1_321, 1);
        h.guard.settle(d.hold(), actual);
        h.guard.settle(d.hold(), actual);

        assertThat(d.hold().reservations()).hasSize(2);
        for (String name : new String[] {"team-t", "all"}) {
            assertThat(h.state(name).spent().usd()).as(name + ": settled once, at the actual cost")
                    .isEqualByComparingTo("0.00571");
            assertThat(h.state(name).spent().tokens()).isEqualTo(1_321);
            assertZero(h.state(name).reserved(), name + ": reservation replaced");
        }
        assertZero(h.state("customer-x").committed(), "a budget that does not match is not charged");
    }

    @Test
    void releaseFreesTheReservationInEveryBudget() {
        GuardHarness h = new GuardHarness(TEAM.build(), ALL.build());

        BudgetDecision d = h.guard.evaluate(request("r1", who("t", "c"), GPT_4O, 1_000, 4_000));
        h.guard.release(d.hold());

        assertZero(h.state("team-t").committed(), "team-t");
        assertZero(h.state("all").committed(), "all");
    }

    @Test
    void aBlockByALaterBudgetReleasesTheReservationsAlreadyMade() {
        GuardHarness h = new GuardHarness(ALL.build(), TestBudget.named("watch").usd("0.01").shadow().build(),
                TestBudget.named("tight").usd("0.01").build());

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_000, 1_000));

        assertThat(d.blocked()).as("$0.0125 worst case > tight's $0.01").isTrue();
        assertThat(d.message()).contains("'tight'");
        assertThat(events(d)).containsExactly("shadow_block:watch", "block:tight");
        assertZero(h.state("all").committed(), "all");
        assertZero(h.state("watch").committed(), "watch");
    }

    @Test
    void aBudgetMatchingTheDowngradedModelIsChargedToo() {
        GuardHarness h = new GuardHarness(ALL.build(), TestBudget.named("mini").usd("5").models(MINI).build());
        h.spend("s1", GPT_4O, 0, 900_000);

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_000, 1_000));

        assertThat(d.model()).isEqualTo(MINI);
        assertThat(d.hold().reservations()).hasSize(2);
        assertThat(h.state("mini").reserved().usd()).isEqualByComparingTo(cost(MINI, 1_000, 1_000));
    }

    @Test
    void perCustomerBudgetsAreIndependent() {
        GuardHarness h = new GuardHarness(TestBudget.named("each").usd("0.10").per(Dimension.CUSTOMER).build());
        h.spend("s1", who("t", "c1"), GPT_4O, 0, 10_000);

        BudgetDecision c1 = h.guard.evaluate(request("r1", who("t", "c1"), GPT_4O, 10, 10));
        BudgetDecision c2 = h.guard.evaluate(request("r2", who("t", "c2"), GPT_4O, 10, 10));

        assertThat(c1.blocked()).isTrue();
        assertThat(c1.message()).contains("'each'", "customer 'c1'");
        assertThat(c2.blocked()).as("another customer's spend is not counted").isFalse();
        assertThat(h.state("each", "c1").spent().usd()).isEqualByComparingTo("0.10");
        assertThat(h.state("each", "c2").reserved().usd()).isEqualByComparingTo(cost(GPT_4O, 10, 10));
        assertThat(h.state("each", "c2").spent().usd()).isEqualByComparingTo(BigDecimal.ZERO);
    }
}
