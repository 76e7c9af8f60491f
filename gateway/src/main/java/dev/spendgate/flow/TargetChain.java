package dev.spendgate.flow;

import dev.spendgate.config.Deployment;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.route.CircuitBreakers;
import dev.spendgate.route.DeploymentPicker;
import dev.spendgate.route.RoutePlan;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The targets of one request, handed out in order: the primary model's deployments (by weight, healthy first),
 * then each fallback model's. A model is used at most once per request, so a chain that names itself again, or a
 * context fallback that is also in the chain, cannot loop.
 */
final class TargetChain {

    private final RoutePlan route;
    private final CircuitBreakers breakers;
    private final Deque<ModelConfig> models;
    private final Deque<Deployment> deployments = new ArrayDeque<>();
    private final Set<String> used = new HashSet<>();
    private ModelConfig current;

    TargetChain(RoutePlan route, CircuitBreakers breakers) {
        this.route = route;
        this.breakers = breakers;
        this.models = new ArrayDeque<>(route.fallbacks());
        this.current = route.primary();
    }

    /** Switches to {@code model} (its deployments in weighted, health-first order) and returns its first target. */
    Target start(ModelConfig model) {
        current = model;
        used.add(model.alias());
        deployments.clear();
        deployments.addAll(DeploymentPicker.order(model, breakers::isAvailable, ThreadLocalRandom.current()));
        return new Target(model, deployments.removeFirst());
    }

    /** Another deployment of the current model, or null. */
    @Nullable Target nextDeployment() {
        Deployment d = deployments.pollFirst();
        return d == null ? null : new Target(current, d);
    }

    /** Whether the current model has another deployment. */
    boolean hasNextDeployment() {
        return !deployments.isEmpty();
    }

    /** The next fallback model not used yet, or null; it is not started (the caller may skip it). */
    @Nullable ModelConfig nextModel() {
        ModelConfig m;
        while ((m = models.pollFirst()) != null) {
            if (!used.contains(m.alias())) {
                used.add(m.alias());
                return m;
            }
        }
        return null;
    }

    /** Whether a fallback model not used yet remains. */
    boolean hasNextModel() {
        return models.stream().anyMatch(m -> !used.contains(m.alias()));
    }

    /** The primary's fallback triggers: the chain's fallbacks are taken only for these kinds. */
    boolean fallsBackOn(dev.spendgate.route.FailureKind kind) {
        return route.primary().fallbackOn().contains(kind);
    }

    /** The alias of the context fallback of {@code model}, when set and not used yet. */
    @Nullable String contextFallback(ModelConfig model) {
        String alias = model.contextFallback();
        return alias == null || used.contains(alias) ? null : alias;
    }
}
