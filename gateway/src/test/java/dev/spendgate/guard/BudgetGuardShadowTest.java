package dev.spendgate.guard;

import static dev.spendgate.guard.GuardHarness.GPT_4O;
import static dev.spendgate.guard.GuardHarness.cost;
import static dev.spendgate.guard.GuardHarness.events;
import static dev.spendgate.guard.GuardHarness.request;
import static dev.spendgate.guard.TestBudget.block;
import static dev.spendgate.guard.TestBudget.downgrade;
import static dev.spendgate.guard.TestBudget.warn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.BudgetConfig;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Shadow mode ({@code enforce: false}): the full ladder of a $1.00 daily budget is evaluated and recorded as
 * {@code shadow_*} events, but the request is never refused, its model and output cap never change, no warning
 * header is sent, and it is still charged.
 */
class BudgetGuardShadowTest {

    private static final BudgetConfig SHADOW = TestBudget.named("watch").usd("1.00").shadow().clamp(100)
            .ladder(warn("0.8"), downgrade("0.9", GuardHarness.MINI), block("1.0")).build();

    private final GuardHarness h = new GuardHarness(SHADOW);

    @Test
    void shadowWarnIsRecordedWithoutAWarningHeader() {
        h.spend("s1", GPT_4O, 0, 80_000);

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_000, 1_000));

        assertThat(events(d)).containsExactly("shadow_warn:watch");
        assertThat(d.warnings()).as("the client sees nothing of a shadow budget").isEmpty();
        assertThat(d.blocked()).isFalse();
    }

    @Test
    void shadowDowngradeKeepsTheModelAndItsPrice() {
        h.spend("s1", GPT_4O, 0, 90_000);

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_000, 1_000));

        assertThat(events(d)).containsExactly("shadow_downgrade:watch");
        assertThat(d.model()).isEqualTo(GPT_4O);
        assertThat(h.state("watch").reserved().usd()).isEqualByComparingTo(cost(GPT_4O, 1_000, 1_000));
    }

    @Test
    void overTheLimitTheRequestPassesWithOneShadowBlockAndIsStillCharged() {
        h.spend("s1", GPT_4O, 0, 100_000);

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 1_000, 1_000));
        h.guard.settle(d.hold(), new Amount(cost(GPT_4O, 1_000, 1_000), 2_000, 1));

        assertThat(d.blocked()).isFalse();
        assertThat(d.model()).isEqualTo(GPT_4O);
        assertThat(d.outputCap()).isNull();
        assertThat(d.warnings()).isEmpty();
        assertThat(events(d)).as("reported once, though both the ladder and the reservation would have refused")
                .containsExactly("shadow_block:watch");
        assertThat(h.state("watch").spent().usd()).as("settle adds the spend past the limit")
                .isEqualByComparingTo("1.0125");
        assertThat(h.state("watch").spent().requests()).isEqualTo(2);
    }

    @Test
    void aRequestAShadowBudgetCouldNotPayForIsNeitherClampedNorRefused() {
        h.spend("s1", GPT_4O, 0, 99_000);

        BudgetDecision d = h.guard.evaluate(request("r1", GPT_4O, 0, 4_096));

        assertThat(d.blocked()).isFalse();
        assertThat(d.outputCap()).as("clamp_max_tokens is a change, so shadow mode only records the block").isNull();
        assertThat(events(d)).containsExactly("shadow_downgrade:watch", "shadow_block:watch");
        assertThat(h.state("watch").committed().usd()).as("the whole worst case is reserved, past the limit")
                .isEqualByComparingTo(new BigDecimal("0.99").add(cost(GPT_4O, 0, 4_096)));
    }

    @Test
    void aShadowBudgetNeverChangesWhatAnEnforcedOneDecides() {
        GuardHarness both = new GuardHarness(SHADOW, TestBudget.named("real").usd("100").build());
        both.spend("s1", GPT_4O, 0, 100_000);

        BudgetDecision d = both.guard.evaluate(request("r1", GPT_4O, 1_000, 1_000));

        assertThat(d.blocked()).isFalse();
        assertThat(events(d)).containsExactly("shadow_block:watch");
        assertThat(d.hold().reservations()).as("charged in both").hasSize(2);
        assertThat(both.state("real").reserved().usd()).isEqualByComparingTo("0.0125");
    }
}
