package dev.spendgate.route;

import dev.spendgate.config.Arm;
import dev.spendgate.config.Deployment;
import dev.spendgate.config.ExperimentConfig;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.config.ProviderConfig;
import dev.spendgate.config.RetryConfig;
import dev.spendgate.config.RouteRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective routing table for {@code GET /admin/routes}, as plain maps and lists that Jackson writes as JSON:
 * {@code models} (per alias: provider, upstream model, deployments with weights, context window, fallbacks,
 * fallback_on, context_fallback), {@code retry}, {@code rules}, {@code experiments} (with arms and weights) and
 * {@code providers} (circuit breaker settings and live state). No secrets: provider keys, headers and URLs are not
 * included. Durations are in milliseconds.
 */
public final class RoutesView {

    private RoutesView() {
    }

    /** The view of one snapshot, with the breakers' state at the time of the call. */
    public static Map<String, Object> of(GatewayConfig config, CircuitBreakers breakers) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> models = new LinkedHashMap<>();
        config.models().forEach((alias, m) -> models.put(alias, model(m)));
        out.put("models", models);
        out.put("retry", retry(config.routing().retry()));
        List<Object> rules = new ArrayList<>();
        for (RouteRule r : config.routing().rules()) {
            rules.add(ordered("name", r.name(), "match", match(r.match()), "route_to", r.routeTo()));
        }
        out.put("rules", rules);
        List<Object> experiments = new ArrayList<>();
        for (ExperimentConfig e : config.routing().experiments()) {
            List<Object> arms = new ArrayList<>();
            for (Arm a : e.arms()) {
                arms.add(ordered("name", a.name(), "model", a.model(), "weight", a.weight()));
            }
            experiments.add(ordered("name", e.name(), "match", match(e.match()), "sticky", e.sticky().yamlName(),
                    "arms", arms));
        }
        out.put("experiments", experiments);
        Map<String, Object> providers = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers().values()) {
            CircuitBreaker b = breakers.get(p.id());
            Map<String, Object> cb = ordered("failure_threshold", p.circuitBreaker().failureThreshold(),
                    "open_for_ms", ms(p.circuitBreaker().openFor()));
            if (b != null) {
                cb.put("state", b.state().name().toLowerCase(Locale.ROOT));
                cb.put("state_code", b.state().code());
                cb.put("consecutive_failures", b.consecutiveFailures());
            }
            providers.put(p.id(), ordered("type", p.type().name().toLowerCase(Locale.ROOT),
                    "circuit_breaker", cb));
        }
        out.put("providers", providers);
        return out;
    }

    private static Map<String, Object> model(ModelConfig m) {
        List<Object> deployments = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            deployments.add(ordered("provider", d.provider(), "upstream_model", d.upstreamModel(),
                    "weight", d.weight()));
        }
        Map<String, Object> out = ordered("provider", m.provider(), "upstream_model", m.upstreamModel(),
                "deployments", deployments);
        out.put("context_window", m.contextWindow());
        out.put("fallbacks", m.fallbacks());
        out.put("fallback_on", m.fallbackOn().stream().map(FailureKind::yamlName).toList());
        out.put("context_fallback", m.contextFallback());
        return out;
    }

    private static Map<String, Object> retry(RetryConfig r) {
        Map<String, Object> out = ordered("max_attempts", r.maxAttempts(), "initial_backoff_ms",
                ms(r.initialBackoff()), "max_backoff_ms", ms(r.maxBackoff()));
        out.put("max_retry_after_ms", ms(r.maxRetryAfter()));
        out.put("deadline_ms", ms(r.deadline()));
        return out;
    }

    private static Map<String, Object> match(MatchConfig m) {
        Map<String, Object> out = new LinkedHashMap<>();
        new TreeMap<>(m.attributes()).forEach((d, v) -> out.put(d.key(), v));
        if (!m.models().isEmpty()) {
            out.put("models", List.copyOf(m.models()));
        }
        if (m.key() != null) {
            out.put("key", m.key());
        }
        return out;
    }

    private static long ms(Duration d) {
        return d.toMillis();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
