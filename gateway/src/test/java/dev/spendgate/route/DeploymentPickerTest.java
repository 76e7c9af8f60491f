package dev.spendgate.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.spendgate.config.Deployment;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.metering.TestPrices;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeploymentPickerTest {

    private static final Deployment EAST = new Deployment("azure-east", "gpt-4o", 3);
    private static final Deployment WEST = new Deployment("azure-west", "gpt-4o", 1);
    private static final Deployment EU = new Deployment("azure-eu", "gpt-4o-eu", 1);

    private static ModelConfig model(List<Deployment> deployments) {
        return new ModelConfig("gpt-4o", "azure-east", "gpt-4o", TestPrices.of("gpt-4o"), null, List.of(),
                FailureKind.TRANSIENT, null, deployments);
    }

    @Test
    void firstPickFollowsTheWeights() {
        ModelConfig m = model(List.of(EAST, WEST, EU));
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 20_000;
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < n; i++) {
            List<Deployment> order = DeploymentPicker.order(m, p -> true, rnd);
            assertThat(order).containsExactlyInAnyOrder(EAST, WEST, EU);
            first.merge(order.get(0).provider(), 1, Integer::sum);
        }
        Map<String, Double> expected = Map.of("azure-east", 0.6, "azure-west", 0.2, "azure-eu", 0.2);
        expected.forEach((provider, p) -> {
            double sd = Math.sqrt(p * (1 - p) / n);
            assertThat(first.get(provider) / (double) n).isCloseTo(p, offset(4 * sd));
        });
    }

    @Test
    void unavailableDeploymentComesLast() {
        ModelConfig m = model(List.of(EAST, WEST, EU));
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            List<Deployment> order = DeploymentPicker.order(m, p -> !p.equals("azure-east"), rnd);
            assertThat(order).hasSize(3).last().isEqualTo(EAST);
        }
    }

    @Test
    void fullyDeadAliasIsStillTried() {
        ModelConfig m = model(List.of(EAST, WEST));
        assertThat(DeploymentPicker.order(m, p -> false, new SplittableRandom(1)))
                .containsExactlyInAnyOrder(EAST, WEST);
    }

    @Test
    void implicitDeploymentIsTheModelsProvider() {
        ModelConfig m = new ModelConfig("gpt-4o", "openai", "gpt-4o-2024-08-06", TestPrices.of("gpt-4o"));
        assertThat(DeploymentPicker.order(m, p -> true, new SplittableRandom(1)))
                .containsExactly(new Deployment("openai", "gpt-4o-2024-08-06", 1));
    }
}
