package dev.spendgate.guard;

import static dev.spendgate.guard.GuardHarness.GPT_4O;
import static dev.spendgate.guard.GuardHarness.MINI;
import static dev.spendgate.guard.GuardHarness.assertZero;
import static dev.spendgate.guard.GuardHarness.events;
import static dev.spendgate.guard.GuardHarness.request;
import static dev.spendgate.guard.GuardHarness.who;
import static dev.spendgate.guard.TestBudget.block;
import static dev.spendgate.guard.TestBudget.downgrade;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Dimension;
import org.junit.jupiter.api.Test;

/**
 * {@code clamp_max_tokens}: a request whose worst case does not fit gets its output cap lowered to exactly what
 * the budget has left after its input, priced at the model actually used; below the minimum it is refused.
 */
class BudgetGuardClampTest {

    private final GuardHarness h = new GuardHarness(TestBudget.named("capped").usd("1.00").clamp(256).build());

    @Test
    void aRequestThatFitsKeepsItsOwnCap() {
        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_000, 4_096));

        assertThat(d.outputCap()).isNull();
        assertThat(d.events()).isEmpty();
    }

    @Test
    void theCapIsLoweredToExactlyWhatRemainsAfterTheInput() {
        h.spend("s1", GPT_4O, 0, 99_000);

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_000, 4_096));

        // $1.00 - $0.99 spent - 1000 x 2.5/1M input = $0.0075 left for output at $10/1M = 750 tokens.
        assertThat(d.blocked()).isFalse();
        assertThat(d.outputCap()).isEqualTo(750L);
        assertThat(events(d)).containsExactly("clamp:capped");
        assertThat(h.state("capped").reserved().usd()).isEqualByComparingTo("0.01");
        assertThat(h.state("capped").reserved().tokens()).isEqualTo(1_750);
        assertThat(h.state("capped").committed().usd()).as("the budget is now exactly full")
                .isEqualByComparingTo("1.00");
        assertThat(h.guard.evaluate(request("r2", GPT_4O, 1, 256)).blocked()).isTrue();
    }

    @Test
    void theClampedCapRoundsDownSoTheWorstCaseNeverExceedsTheLimit() {
        h.spend("s1", GPT_4O, 0, 99_000);

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_001, 4_096));

        // $0.01 - 1001 x 2.5/1M = $0.0074975, which pays for 749.75 output tokens: 749.
        assertThat(d.outputCap()).isEqualTo(749L);
        assertThat(h.state("capped").reserved().usd()).isEqualByComparingTo("0.0099925");
    }

    @Test
    void aTokenLimitClampsToTheTokensLeft() {
        GuardHarness tokens = new GuardHarness(TestBudget.named("tok").tokens(10_000).clamp(100).build());
        tokens.spend("s1", MINI, 0, 9_000);

        BudgetDecision d = tokens.guard.evaluate(request("r1", MINI, 200, 2_000));

        assertThat(d.outputCap()).as("10,000 - 9,000 - 200 input").isEqualTo(800L);
        assertThat(tokens.state("tok").committed().tokens()).isEqualTo(10_000);
    }

    @Test
    void belowTheMinimumTheRequestIsBlocked() {
        GuardHarness strict = new GuardHarness(TestBudget.named("capped").usd("1.00").clamp(1_000).build());
        strict.spend("s1", GPT_4O, 0, 99_000);

        BudgetDecision d = strict.guard.evaluate(request("r1", GPT_4O, 1_000, 4_096));

        assertThat(d.blocked()).as("only 750 output tokens are left, the minimum is 1000").isTrue();
        assertThat(d.outputCap()).isNull();
        assertThat(events(d)).containsExactly("block:capped");
        assertThat(d.message()).contains("'capped'", "cannot pay");
        assertZero(strict.state("capped").reserved(), "nothing reserved");
    }

    @Test
    void afterADowngradeTheCapIsPricedAtTheCheaperModel() {
        GuardHarness ladder = new GuardHarness(TestBudget.named("capped").usd("1.00").clamp(256)
                .ladder(downgrade("0.9", MINI), block("1.0")).build());
        ladder.spend("s1", GPT_4O, 0, 99_900);

        BudgetDecision d = ladder.guard.evaluate(request("r1", GPT_4O, 1_000, 4_096));

        // $0.001 left - 1000 x 0.15/1M = $0.00085 for output at $0.6/1M = 1416.67 tokens: 1416.
        assertThat(d.model()).isEqualTo(MINI);
        assertThat(d.outputCap()).isEqualTo(1_416L);
        assertThat(events(d)).containsExactly("downgrade:capped", "clamp:capped");
    }

    @Test
    void aBudgetWithoutClampPaysForTheCapAnotherBudgetClampedTo() {
        GuardHarness two = new GuardHarness(
                TestBudget.named("team").usd("1.00").match(Dimension.TEAM, "t").build(),
                TestBudget.named("customer").usd("0.10").match(Dimension.CUSTOMER, "c").clamp(100).build());
        two.spend("s1", who("t", "c"), GPT_4O, 0, 9_000);
        two.spend("s2", who("t", "other"), GPT_4O, 0, 90_000);

        BudgetDecision d = two.guard.evaluate(request("r1", who("t", "c"), GPT_4O, 0, 4_096));

        assertThat(d.blocked()).as("each has $0.01 left: enough for the clamped cap, not the requested one")
                .isFalse();
        assertThat(d.outputCap()).isEqualTo(1_000L);
        assertThat(two.state("team").committed().usd()).isEqualByComparingTo("1.00");
        assertThat(two.state("customer").committed().usd()).isEqualByComparingTo("0.10");
    }

    @Test
    void reservationsMadeBeforeAClampShrinkToTheClampedWorstCase() {
        GuardHarness two = new GuardHarness(
                TestBudget.named("roomy").usd("10").clamp(100).build(),
                TestBudget.named("tight").usd("0.01").clamp(100).build());

        BudgetDecision d = two.guard.evaluate(request("r1", GPT_4O, 0, 4_096));

        assertThat(d.outputCap()).isEqualTo(1_000L);
        assertThat(events(d)).containsExactly("clamp:tight");
        assertThat(two.state("roomy").reserved().usd()).as("not the $0.04096 of the requested cap")
                .isEqualByComparingTo("0.01");
    }
}
