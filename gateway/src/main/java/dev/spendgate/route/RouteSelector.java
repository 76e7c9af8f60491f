package dev.spendgate.route;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.Arm;
import dev.spendgate.config.ExperimentConfig;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.config.RouteRule;
import dev.spendgate.config.RoutingConfig;
import dev.spendgate.guard.Matchers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Picks the model a request goes to, built once per config snapshot. Order: the first {@code routing.rules} entry
 * whose match holds for the requested alias and attribution replaces the model with its {@code route_to}; then the
 * first experiment whose match holds for that (post-rule) alias assigns an arm, whose model is the primary. The
 * plan carries the primary's fallbacks and context fallback, resolved to models. Immutable and thread-safe.
 */
public final class RouteSelector {

    private final Map<String, ModelConfig> models;
    private final RoutingConfig routing;

    /** A selector over the models and routing of one snapshot. */
    public RouteSelector(Map<String, ModelConfig> models, RoutingConfig routing) {
        this.models = Map.copyOf(models);
        this.routing = routing;
    }

    /** A selector for a whole snapshot. */
    public static RouteSelector of(GatewayConfig config) {
        return new RouteSelector(config.models(), config.routing());
    }

    /** {@link #select(String, Attribution, String, String)} for a request without a gateway key. */
    public @Nullable RoutePlan select(String requestedAlias, Attribution attribution, String requestId) {
        return select(requestedAlias, attribution, requestId, null);
    }

    /**
     * The plan for a request, or null when {@code requestedAlias} is not a configured model (the caller answers
     * 404 model-not-found).
     *
     * @param requestId used as the sticky value when the experiment's sticky dimension is unattributed
     * @param keyName   the gateway key name for {@code match.key}, or null
     */
    public @Nullable RoutePlan select(String requestedAlias, Attribution attribution, String requestId,
            @Nullable String keyName) {
        if (!models.containsKey(requestedAlias)) {
            return null;
        }
        String alias = requestedAlias;
        String rule = null;
        for (RouteRule r : routing.rules()) {
            if (Matchers.matches(r.match(), attribution, alias, keyName)) {
                alias = r.routeTo();
                rule = r.name();
                break;
            }
        }
        String experiment = null;
        String arm = null;
        for (ExperimentConfig e : routing.experiments()) {
            if (Matchers.matches(e.match(), attribution, alias, keyName)) {
                Arm assigned = ExperimentAssigner.assign(e, ExperimentAssigner.stickyValue(e, attribution, requestId));
                alias = assigned.model();
                experiment = e.name();
                arm = assigned.name();
                break;
            }
        }
        ModelConfig primary = models.get(alias);
        if (primary == null) {
            return null;
        }
        List<ModelConfig> fallbacks = new ArrayList<>();
        for (String f : primary.fallbacks()) {
            ModelConfig m = models.get(f);
            if (m != null) {
                fallbacks.add(m);
            }
        }
        ModelConfig contextFallback = primary.contextFallback() == null ? null : models.get(primary.contextFallback());
        return new RoutePlan(primary, rule, experiment, arm, fallbacks, contextFallback);
    }

    @Override
    public String toString() {
        return "RouteSelector[models=" + models.keySet() + ", rules=" + routing.rules().size() + ", experiments="
                + routing.experiments().size() + "]";
    }
}
