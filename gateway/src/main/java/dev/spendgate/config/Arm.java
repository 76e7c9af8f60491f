package dev.spendgate.config;

/**
 * One arm of an experiment.
 *
 * @param model  the model alias requests of this arm go to
 * @param weight relative share, > 0
 */
public record Arm(String name, String model, double weight) {
}
