package dev.spendgate.guard;

import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.LadderStep;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.config.WindowSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link BudgetConfig} the way YAML would: by default it matches every request, counts per calendar day,
 * is enforced and blocks at 100% (the loader's default ladder).
 */
final class TestBudget {

    private final String name;
    private final Map<Dimension, String> attributes = new EnumMap<>(Dimension.class);
    private Set<String> models = Set.of();
    private @Nullable Dimension per;
    private WindowSpec window = new WindowSpec(WindowSpec.Kind.DAY, null);
    private @Nullable BigDecimal usd;
    private @Nullable Long tokens;
    private @Nullable Long requests;
    private boolean enforce = true;
    private List<LadderStep> ladder = List.of(block("1.0"));
    private @Nullable Long clampMin;

    private TestBudget(String name) {
        this.name = name;
    }

    static TestBudget named(String name) {
        return new TestBudget(name);
    }

    static LadderStep warn(String at) {
        return new LadderStep(new BigDecimal(at), LadderStep.Action.WARN, null);
    }

    static LadderStep downgrade(String at, String to) {
        return new LadderStep(new BigDecimal(at), LadderStep.Action.DOWNGRADE, to);
    }

    static LadderStep block(String at) {
        return new LadderStep(new BigDecimal(at), LadderStep.Action.BLOCK, null);
    }

    TestBudget usd(String limit) {
        this.usd = new BigDecimal(limit);
        return this;
    }

    TestBudget tokens(long limit) {
        this.tokens = limit;
        return this;
    }

    TestBudget requests(long limit) {
        this.requests = limit;
        return this;
    }

    TestBudget match(Dimension dimension, String value) {
        attributes.put(dimension, value);
        return this;
    }

    TestBudget models(String... aliases) {
        this.models = Set.of(aliases);
        return this;
    }

    TestBudget per(Dimension dimension) {
        this.per = dimension;
        return this;
    }

    TestBudget window(WindowSpec.Kind kind) {
        this.window = new WindowSpec(kind, null);
        return this;
    }

    TestBudget rolling(Duration length) {
        this.window = new WindowSpec(WindowSpec.Kind.ROLLING, length);
        return this;
    }

    TestBudget shadow() {
        this.enforce = false;
        return this;
    }

    TestBudget ladder(LadderStep... steps) {
        this.ladder = List.of(steps);
        return this;
    }

    TestBudget clamp(long minTokens) {
        this.clampMin = minTokens;
        return this;
    }

    BudgetConfig build() {
        return new BudgetConfig(name, new MatchConfig(Map.copyOf(attributes), models, null), per, window, usd,
                tokens, requests, enforce, ladder, clampMin);
    }
}
