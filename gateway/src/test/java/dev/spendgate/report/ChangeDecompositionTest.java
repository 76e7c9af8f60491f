package dev.spendgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ChangeDecompositionTest {

    @Test
    void eachFactorSubstitutedInTurnGivesPartsThatAddUpToTheChange() {
        // 100 requests × (1000 in + 4 × 250 out) at $0.000005 per input-equivalent token = $1.00;
        // then 150 × (1200 + 4 × 300) tokens for $3.00.
        ChangeDecomposition c = ChangeDecomposition.of(totals(100, 1000, 250, "0.01"), totals(150, 1200, 300, "0.02"),
                ChangeDecomposition.DEFAULT_OUTPUT_WEIGHT);
        assertThat(c.change()).isEqualByComparingTo("2.00");
        assertThat(c.requests()).as("1.00 × 150/100 − 1.00").isEqualByComparingTo("0.50");
        assertThat(c.inputPerRequest()).as("150 × (1200 + 1000) × 0.000005 − 1.50").isEqualByComparingTo("0.15");
        assertThat(c.outputPerRequest()).as("150 × (1200 + 1200) × 0.000005 − 1.65").isEqualByComparingTo("0.15");
        assertThat(c.mixAndPrice()).as("3.00 − 1.80").isEqualByComparingTo("1.20");
    }

    @Test
    void nonTerminatingRatiosStillSumExactlyBecauseTheLastPartTakesTheRemainder() {
        ChangeDecomposition c = ChangeDecomposition.of(totals(3, 7, 1, "0.0000419"), totals(7, 11, 3, "0.0001"),
                ChangeDecomposition.DEFAULT_OUTPUT_WEIGHT);
        assertThat(c.requests().add(c.inputPerRequest()).add(c.outputPerRequest()).add(c.mixAndPrice()))
                .isEqualByComparingTo(c.change()).isEqualByComparingTo(new BigDecimal("0.0007").subtract(
                        new BigDecimal("0.0001257")));
    }

    @Test
    void aFeatureThatAppearedOwesItsWholeChangeToRequests() {
        ChangeDecomposition c = ChangeDecomposition.of(new Totals(), totals(10, 100, 10, "0.05"),
                ChangeDecomposition.DEFAULT_OUTPUT_WEIGHT);
        assertThat(c.requests()).isEqualByComparingTo("0.50");
        assertThat(c.mixAndPrice()).isZero();
    }

    private static Totals totals(int requests, long in, long out, String costEach) {
        Totals t = new Totals();
        for (int i = 0; i < requests; i++) {
            t.add(new LedgerEntry("f", "t", "c", "pro", "unattributed", "production", "s", "m", in, out,
                    new BigDecimal(costEach), false, false, true));
        }
        return t;
    }
}
