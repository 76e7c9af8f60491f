package dev.spendgate.config;

import java.util.List;

/**
 * One entry of {@code routing.experiments}: matching requests are split over the arms by weight, sticky per
 * customer or session.
 *
 * @param arms at least two, unique names
 */
public record ExperimentConfig(String name, MatchConfig match, StickyBy sticky, List<Arm> arms) {

    public ExperimentConfig {
        arms = List.copyOf(arms);
    }

    /** The sum of the arms' weights. */
    public double totalWeight() {
        double total = 0;
        for (Arm arm : arms) {
            total += arm.weight();
        }
        return total;
    }
}
