package dev.spendgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.Arm;
import dev.spendgate.config.ExperimentConfig;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.config.RetryConfig;
import dev.spendgate.config.RouteRule;
import dev.spendgate.config.RoutingConfig;
import dev.spendgate.config.StickyBy;
import dev.spendgate.metering.TestPrices;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteSelectorTest {

    private static final ModelConfig GPT_4O = new ModelConfig("gpt-4o", "openai", "gpt-4o", TestPrices.of("gpt-4o"),
            128_000L, List.of("gpt-4o-mini"), FailureKind.TRANSIENT, "gpt-4.1", List.of());
    private static final ModelConfig MINI = new ModelConfig("gpt-4o-mini", "openai", "gpt-4o-mini",
            TestPrices.of("gpt-4o-mini"));
    private static final ModelConfig GPT_41 = new ModelConfig("gpt-4.1", "openai", "gpt-4.1",
            TestPrices.of("gpt-4o"));
    private static final Map<String, ModelConfig> MODELS = Map.of(
            "gpt-4o", GPT_4O, "gpt-4o-mini", MINI, "gpt-4.1", GPT_41);

    private static Attribution attribution(String feature, String customer, String tier) {
        return new Attribution(feature, "team", customer, tier, Attribution.UNATTRIBUTED, "prod",
                Attribution.UNATTRIBUTED);
    }

    private static final RouteRule FREE_SUMMARIZE = new RouteRule("free-summarize",
            new MatchConfig(Map.of(Dimension.FEATURE, "summarize", Dimension.TIER, "free"), Set.of("gpt-4o"), null),
            "gpt-4o-mini");
    private static final ExperimentConfig EXPERIMENT = new ExperimentConfig("summarize-model-test",
            new MatchConfig(Map.of(Dimension.FEATURE, "summarize"), Set.of("gpt-4o"), null), StickyBy.CUSTOMER,
            List.of(new Arm("control", "gpt-4o", 50), new Arm("treatment", "gpt-4.1", 50)));
    private static final RouteSelector SELECTOR = new RouteSelector(MODELS,
            new RoutingConfig(RetryConfig.defaults(), List.of(FREE_SUMMARIZE), List.of(EXPERIMENT)));

    @Test
    void noRuleOrExperimentKeepsTheModelAndItsChain() {
        RoutePlan plan = SELECTOR.select("gpt-4o", attribution("chat", "acme", "pro"), "r1");
        assertThat(plan).isEqualTo(new RoutePlan(GPT_4O, null, null, null, List.of(MINI), GPT_41));
    }

    @Test
    void firstMatchingRuleRoutes() {
        RoutePlan plan = SELECTOR.select("gpt-4o", attribution("summarize", "acme", "free"), "r1");
        assertThat(plan.primary()).isEqualTo(MINI);
        assertThat(plan.rule()).isEqualTo("free-summarize");
        // The experiment matches gpt-4o only, and the rule moved the request to gpt-4o-mini.
        assertThat(plan.experiment()).isNull();
        assertThat(plan.fallbacks()).isEmpty();
        assertThat(plan.contextFallback()).isNull();
    }

    @Test
    void experimentAssignsAStickyArm() {
        Set<String> arms = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Attribution a = attribution("summarize", "cust-" + i, "pro");
            RoutePlan plan = SELECTOR.select("gpt-4o", a, "req-" + i);
            assertThat(plan.experiment()).isEqualTo("summarize-model-test");
            assertThat(plan.primary().alias()).isEqualTo(plan.arm().equals("control") ? "gpt-4o" : "gpt-4.1");
            assertThat(SELECTOR.select("gpt-4o", a, "other-request").arm()).isEqualTo(plan.arm());
            arms.add(plan.arm());
        }
        assertThat(arms).containsExactlyInAnyOrder("control", "treatment");
    }

    @Test
    void unknownAliasHasNoPlan() {
        assertThat(SELECTOR.select("gpt-9", Attribution.none(), "r1")).isNull();
    }

    @Test
    void keyMatchUsesTheGivenKeyName() {
        RouteRule byKey = new RouteRule("batch-key", new MatchConfig(Map.of(), Set.of(), "batch"), "gpt-4o-mini");
        RouteSelector s = new RouteSelector(MODELS, new RoutingConfig(RetryConfig.defaults(), List.of(byKey),
                List.of()));
        assertThat(s.select("gpt-4o", Attribution.none(), "r", "batch").primary()).isEqualTo(MINI);
        assertThat(s.select("gpt-4o", Attribution.none(), "r").primary()).isEqualTo(GPT_4O);
    }
}
