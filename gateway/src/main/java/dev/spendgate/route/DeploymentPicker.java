package dev.spendgate.route;

import dev.spendgate.config.Deployment;
import dev.spendgate.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Orders a model's deployments for one request: a weighted random order without replacement among the available
 * ones (each next pick in proportion to the remaining weights), then the unavailable ones in the same way, so that
 * a fully dead alias is still tried rather than refused. Stateless and thread-safe (given a thread-safe or
 * per-call random generator).
 */
public final class DeploymentPicker {

    private DeploymentPicker() {
    }

    /**
     * The order to try {@code model}'s deployments in.
     *
     * @param providerAvailable whether a provider takes traffic now, e.g. {@link CircuitBreakers#isAvailable}
     */
    public static List<Deployment> order(ModelConfig model, Predicate<String> providerAvailable,
            RandomGenerator rnd) {
        List<Deployment> available = new ArrayList<>();
        List<Deployment> unavailable = new ArrayList<>();
        for (Deployment d : model.deployments()) {
            (providerAvailable.test(d.provider()) ? available : unavailable).add(d);
        }
        List<Deployment> out = new ArrayList<>(model.deployments().size());
        drain(available, rnd, out);
        drain(unavailable, rnd, out);
        return List.copyOf(out);
    }

    private static void drain(List<Deployment> pool, RandomGenerator rnd, List<Deployment> out) {
        while (!pool.isEmpty()) {
            double total = 0;
            for (Deployment d : pool) {
                total += d.weight();
            }
            double point = rnd.nextDouble() * total;
            int pick = pool.size() - 1;
            double upTo = 0;
            for (int i = 0; i < pool.size(); i++) {
                upTo += pool.get(i).weight();
                if (point < upTo) {
                    pick = i;
                    break;
                }
            }
            out.add(pool.remove(pick));
        }
    }
}
