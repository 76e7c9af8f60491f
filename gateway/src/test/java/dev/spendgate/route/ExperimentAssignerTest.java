package dev.spendgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.Arm;
import dev.spendgate.config.ExperimentConfig;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.config.StickyBy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentAssignerTest {

    private static final int CUSTOMERS = 20_000;

    private static ExperimentConfig experiment(double... weights) {
        String[] names = {"control", "treatment", "third"};
        Arm[] arms = new Arm[weights.length];
        for (int i = 0; i < weights.length; i++) {
            arms[i] = new Arm(names[i], "model-" + i, weights[i]);
        }
        return new ExperimentConfig("summarize-model-test", MatchConfig.all(), StickyBy.CUSTOMER, List.of(arms));
    }

    private static Map<String, Integer> counts(ExperimentConfig e) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            counts.merge(ExperimentAssigner.assign(e, "cust-" + i).name(), 1, Integer::sum);
        }
        return counts;
    }

    private static void assertShares(ExperimentConfig e) {
        Map<String, Integer> counts = counts(e);
        for (Arm arm : e.arms()) {
            double p = arm.weight() / e.totalWeight();
            double sd = Math.sqrt(p * (1 - p) / CUSTOMERS);
            double observed = counts.getOrDefault(arm.name(), 0) / (double) CUSTOMERS;
            assertThat(Math.abs(observed - p)).as("arm %s share %s vs %s", arm.name(), observed, p)
                    .isLessThanOrEqualTo(4 * sd);
        }
    }

    @Test
    void fiftyFiftySplitIsWithinFourStandardDeviations() {
        assertShares(experiment(50, 50));
    }

    @Test
    void seventyTwentyTenSplitIsWithinFourStandardDeviations() {
        assertShares(experiment(70, 20, 10));
    }

    @Test
    void sameCustomerAlwaysGetsTheSameArm() {
        ExperimentConfig e = experiment(70, 20, 10);
        for (int i = 0; i < 1000; i++) {
            String first = ExperimentAssigner.assign(e, "cust-" + i).name();
            for (int k = 0; k < 3; k++) {
                assertThat(ExperimentAssigner.assign(e, "cust-" + i).name()).isEqualTo(first);
            }
        }
    }

    @Test
    void changingOneWeightMovesOnlyABoundedFraction() {
        ExperimentConfig before = experiment(70, 20, 10);
        ExperimentConfig after = experiment(60, 30, 10);
        int moved = 0;
        for (int i = 0; i < CUSTOMERS; i++) {
            if (!ExperimentAssigner.assign(before, "cust-" + i).name()
                    .equals(ExperimentAssigner.assign(after, "cust-" + i).name())) {
                moved++;
            }
        }
        // Only the points in [60, 70) change arm: 10% expected.
        double share = moved / (double) CUSTOMERS;
        assertThat(share).isBetween(0.08, 0.12);
    }

    @Test
    void hashIsStableAcrossRunsAndDependsOnTheExperimentName() {
        assertThat(ExperimentAssigner.hash("exp", "cust-1")).isEqualTo(ExperimentAssigner.hash("exp", "cust-1"));
        assertThat(ExperimentAssigner.hash("exp", "cust-1")).isNotEqualTo(ExperimentAssigner.hash("exp2", "cust-1"));
        assertThat(ExperimentAssigner.hash("ab", "c")).isNotEqualTo(ExperimentAssigner.hash("a", "bc"));
    }

    @Test
    void unattributedStickyValueFallsBackToTheRequestId() {
        ExperimentConfig e = experiment(50, 50);
        Attribution none = Attribution.none();
        assertThat(ExperimentAssigner.stickyValue(e, none, "req-1")).isEqualTo("request:req-1");
        Attribution acme = new Attribution("f", "t", "acme", "free", "x", "prod", "s-1");
        assertThat(ExperimentAssigner.stickyValue(e, acme, "req-1")).isEqualTo("acme");
        ExperimentConfig bySession = new ExperimentConfig("e", MatchConfig.all(), StickyBy.SESSION, e.arms());
        assertThat(ExperimentAssigner.stickyValue(bySession, acme, "req-1")).isEqualTo("s-1");
        ExperimentConfig none2 = new ExperimentConfig("e", MatchConfig.all(), StickyBy.NONE, e.arms());
        assertThat(ExperimentAssigner.stickyValue(none2, acme, "req-1")).isEqualTo("request:req-1");
    }
}
