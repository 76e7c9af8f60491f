package dev.spendgate.guard;

import static dev.spendgate.guard.GuardHarness.GPT_4O;
import static dev.spendgate.guard.GuardHarness.MINI;
import static dev.spendgate.guard.GuardHarness.cost;
import static dev.spendgate.guard.GuardHarness.events;
import static dev.spendgate.guard.GuardHarness.request;
import static dev.spendgate.guard.TestBudget.block;
import static dev.spendgate.guard.TestBudget.warn;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Request and token limits, alone or next to a USD limit: utilisation is the largest share of any limit. */
class BudgetGuardLimitsTest {

    @Test
    void aRequestLimitCountsRequestsInFlightAndSettled() {
        GuardHarness h = new GuardHarness(TestBudget.named("req").requests(3).build());

        BudgetDecision r1 = h.guard.evaluate(request("r1", GPT_4O, 10, 10));
        BudgetDecision r2 = h.guard.evaluate(request("r2", GPT_4O, 10, 10));
        h.guard.evaluate(request("r3", GPT_4O, 10, 10));
        BudgetDecision fourth = h.guard.evaluate(request("r4", GPT_4O, 10, 10));
        h.guard.release(r1.hold());
        h.guard.settle(r2.hold(), new Amount(cost(GPT_4O, 10, 5), 15, 1));
        BudgetDecision afterRelease = h.guard.evaluate(request("r5", GPT_4O, 10, 10));
        BudgetDecision sixth = h.guard.evaluate(request("r6", GPT_4O, 10, 10));

        assertThat(fourth.blocked()).isTrue();
        assertThat(fourth.message()).contains("'req'", "3 requests");
        assertThat(afterRelease.blocked()).as("a released request gave its slot back").isFalse();
        assertThat(sixth.blocked()).as("a settled request keeps its slot").isTrue();
    }

    @Test
    void aTokenLimitCountsTheWorstCaseUntilSettledThenTheActualTokens() {
        GuardHarness h = new GuardHarness(TestBudget.named("tok").tokens(10_000).build());

        BudgetDecision r1 = h.guard.evaluate(request("r1", MINI, 3_000, 2_000));
        BudgetDecision r2 = h.guard.evaluate(request("r2", MINI, 3_000, 2_000));
        BudgetDecision r3 = h.guard.evaluate(request("r3", MINI, 2_000, 2_000));
        h.guard.settle(r1.hold(), new Amount(cost(MINI, 500, 500), 1_000, 1));
        BudgetDecision r4 = h.guard.evaluate(request("r4", MINI, 2_000, 2_000));

        assertThat(r2.blocked()).as("5,000 + 5,000 fills 10,000 exactly").isFalse();
        assertThat(r3.blocked()).isTrue();
        assertThat(r4.blocked()).as("1,000 actual + 5,000 reserved + 4,000 fits").isFalse();
        assertThat(h.state("tok").committed().tokens()).isEqualTo(10_000);
    }

    @Test
    void utilisationIsTheLargestShareOfAnyLimit() {
        GuardHarness h = new GuardHarness(TestBudget.named("mixed").usd("1.00").tokens(10_000)
                .ladder(warn("0.8"), block("1.0")).build());
        h.spend("s1", MINI, 0, 8_000);

        BudgetDecision d = h.guard.evaluate(request("r1", MINI, 10, 10));

        assertThat(h.state("mixed").spent().usd()).as("0.48% of the USD limit").isEqualByComparingTo("0.0048");
        assertThat(events(d)).as("80% of the token limit").containsExactly("warn:mixed");
        assertThat(d.warnings()).singleElement().asString().contains("80%", "$1 / 10000 tokens");
    }
}
