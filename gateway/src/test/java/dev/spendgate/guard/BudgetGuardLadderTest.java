package dev.spendgate.guard;

import static dev.spendgate.guard.GuardHarness.GPT_4O;
import static dev.spendgate.guard.GuardHarness.HAIKU;
import static dev.spendgate.guard.GuardHarness.MINI;
import static dev.spendgate.guard.GuardHarness.assertZero;
import static dev.spendgate.guard.GuardHarness.cost;
import static dev.spendgate.guard.GuardHarness.events;
import static dev.spendgate.guard.GuardHarness.request;
import static dev.spendgate.guard.TestBudget.block;
import static dev.spendgate.guard.TestBudget.downgrade;
import static dev.spendgate.guard.TestBudget.warn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.BudgetConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The warn -> downgrade -> block ladder of one enforced $1.00 daily budget (UTC, clock at noon, so the window
 * resets in 12 h). Spend is made by real requests settled at their worst case: 80,000 gpt-4o output tokens cost
 * exactly $0.80.
 */
class BudgetGuardLadderTest {

    private static final BudgetConfig LADDER = TestBudget.named("team-daily").usd("1.00")
            .ladder(warn("0.8"), downgrade("0.9", MINI), block("1.0")).build();

    private final GuardHarness h = new GuardHarness(LADDER);

    @Test
    void belowTheFirstStepTheRequestPassesUnchangedAndReservesItsWorstCase() {
        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_000, 1_000));

        assertThat(d.blocked()).isFalse();
        assertThat(d.model()).isEqualTo(GPT_4O);
        assertThat(d.outputCap()).isNull();
        assertThat(d.events()).isEmpty();
        assertThat(d.warnings()).isEmpty();
        assertThat(d.hold().reservations()).hasSize(1);
        assertThat(h.state("team-daily").reserved().usd()).as("1000 x 2.5/1M + 1000 x 10/1M")
                .isEqualByComparingTo("0.0125");
        assertThat(h.state("team-daily").reserved().tokens()).isEqualTo(2_000);
        assertThat(h.state("team-daily").reserved().requests()).isEqualTo(1);
    }

    @Test
    void at80PercentTheRequestIsWarnedWithTheBudgetItsShareAndLimit() {
        h.spend("s1", GPT_4O, 0, 80_000);

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_000, 1_000));

        assertThat(d.blocked()).isFalse();
        assertThat(d.model()).isEqualTo(GPT_4O);
        assertThat(events(d)).containsExactly("warn:team-daily");
        assertThat(d.warnings()).singleElement().asString()
                .contains("team-daily", "80%", "$1", "day", "resets in 43200 s");
    }

    @Test
    void utilisationCountsReservationsOfRequestsStillInFlight() {
        BudgetDecision inFlight = h.guard.evaluate(request("r1", GPT_4O, 0, 80_000));

        BudgetDecision warned = h.guard.evaluate(request("r2", GPT_4O, 100, 100));
        h.guard.release(inFlight.hold());
        h.guard.release(warned.hold());
        BudgetDecision afterRelease = h.guard.evaluate(request("r3", GPT_4O, 100, 100));

        assertThat(events(warned)).as("$0.80 reserved by r1 counts before it settles")
                .containsExactly("warn:team-daily");
        assertThat(afterRelease.events()).as("a released reservation stops counting").isEmpty();
    }

    @Test
    void at90PercentTheModelIsDowngradedAndTheReservationIsPricedAtTheCheaperModel() {
        h.spend("s1", GPT_4O, 0, 90_000);

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_000, 1_000));

        assertThat(d.blocked()).isFalse();
        assertThat(d.model()).isEqualTo(MINI);
        assertThat(events(d)).containsExactly("downgrade:team-daily");
        assertThat(d.warnings()).singleElement().asString().contains("team-daily", "90%");
        assertThat(h.state("team-daily").reserved().usd()).as("1000 x 0.15/1M + 1000 x 0.6/1M, not gpt-4o's $0.0125")
                .isEqualByComparingTo(cost(MINI, 1_000, 1_000)).isEqualByComparingTo("0.00075");
    }

    @Test
    void at100PercentTheRequestIsBlockedNamingTheBudgetAndItsReset() {
        h.spend("s1", GPT_4O, 0, 100_000);

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 10, 10));

        assertThat(d.blocked()).isTrue();
        assertThat(d.retryAfter()).as("noon to midnight UTC").isEqualTo(43_200);
        assertThat(d.message()).contains("'team-daily'", "$1", "2026-12-04T00:00:00Z", "43200 s");
        assertThat(events(d)).containsExactly("block:team-daily");
        assertThat(d.hold().reservations()).as("a blocked request holds nothing").isEmpty();
        assertZero(h.state("team-daily").reserved(), "nothing reserved");
        assertThat(h.state("team-daily").spent().requests()).isEqualTo(1);
    }

    @Test
    void retryAfterIsTheSecondsToTheWindowEndRoundedUp() {
        h.spend("s1", GPT_4O, 0, 100_000);

        h.clock.advance(Duration.ofMillis(250));
        BudgetDecision partial = h.guard.evaluate(request("r1", GPT_4O, 10, 10));
        h.clock.advance(Duration.ofMillis(750));
        BudgetDecision whole = h.guard.evaluate(request("r2", GPT_4O, 10, 10));

        assertThat(partial.retryAfter()).as("43199.75 s left: retrying after 43199 s would still be refused")
                .isEqualTo(43_200);
        assertThat(whole.retryAfter()).as("exactly 43199 s left").isEqualTo(43_199);
    }

    @Test
    void aRequestWhoseWorstCaseDoesNotFitIsBlockedBeforeTheLimitIsReached() {
        GuardHarness blockOnly = new GuardHarness(TestBudget.named("hard").usd("1.00").build());
        blockOnly.spend("s1", GPT_4O, 0, 99_000);

        BudgetDecision d = blockOnly.guard.evaluate(request("r1", GPT_4O, 0, 2_000));

        assertThat(d.blocked()).as("$0.99 + $0.02 worst case > $1.00").isTrue();
        assertThat(d.message()).contains("'hard'", "cannot pay", "2000 output tokens");
        assertThat(d.retryAfter()).isEqualTo(43_200);
        assertThat(events(d)).containsExactly("block:hard");
        assertZero(blockOnly.state("hard").reserved(), "nothing reserved");
        assertThat(blockOnly.guard.evaluate(request("r2", GPT_4O, 0, 1_000)).blocked())
                .as("exactly the remaining $0.01 fits").isFalse();
    }

    @Test
    void aStepIsReachedAtExactlyItsThresholdWhateverTheDecimals() {
        GuardHarness cents = new GuardHarness(TestBudget.named("cents").usd("0.10")
                .ladder(warn("0.8"), block("1.0")).build());
        cents.spend("s1", GPT_4O, 0, 8_000);

        BudgetDecision d = cents.guard.evaluate(request("r1", GPT_4O, 10, 10));

        assertThat(events(d)).as("$0.08 of $0.10 is exactly 80% (0.08 / 0.1 in doubles is 0.7999999999999999)")
                .containsExactly("warn:cents");
    }

    @Test
    void noDowngradeAcrossApiFormats() {
        h.spend("s1", HAIKU, 0, 180_000);

        BudgetDecision d = h.guard.evaluate(request("r1", HAIKU, 1_000, 1_000));

        assertThat(h.state("team-daily").spent().usd()).as("180,000 x 5/1M").isEqualByComparingTo("0.90");
        assertThat(d.blocked()).isFalse();
        assertThat(d.model()).as("an Anthropic client cannot be sent to an OpenAI model").isEqualTo(HAIKU);
        assertThat(events(d)).as("nothing was downgraded; the client is still told the budget is at 90%")
                .containsExactly("warn:team-daily");
        assertThat(d.warnings()).singleElement().asString().contains("90%");
        assertThat(h.state("team-daily").reserved().usd()).as("priced at the model actually used")
                .isEqualByComparingTo(cost(HAIKU, 1_000, 1_000)).isEqualByComparingTo("0.006");
    }
}
