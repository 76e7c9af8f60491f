package dev.spendgate.guard;

import dev.spendgate.testkit.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.api.ApiFormat;
import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.metering.CostCalculator;
import dev.spendgate.metering.TestPrices;
import dev.spendgate.metering.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@link BudgetGuard} over a real {@link InMemoryBudgetStore} with a hand-moved clock and real prices (USD per
 * 1M tokens, {@link TestPrices}, from the reference prices.csv): gpt-4o 2.5 in / 10 out and gpt-4o-mini
 * 0.15 / 0.6 (OpenAI format), claude-haiku 1 / 5 (Anthropic format).
 */
final class GuardHarness {

    static final String GPT_4O = "gpt-4o";
    static final String MINI = "gpt-4o-mini";
    static final String HAIKU = "claude-haiku";
    static final Instant NOON_UTC = Instant.parse("2026-12-03T12:00:00Z");

    static final Map<String, ModelConfig> MODELS = Map.of(
            GPT_4O, new ModelConfig(GPT_4O, "openai", GPT_4O, TestPrices.of(GPT_4O)),
            MINI, new ModelConfig(MINI, "openai", MINI, TestPrices.of(MINI)),
            HAIKU, new ModelConfig(HAIKU, "anthropic", "claude-haiku-4-5",
                    TestPrices.of("claude-haiku-4-5-20251001")));
    static final Map<String, ApiFormat> FORMATS = Map.of(
            GPT_4O, ApiFormat.OPENAI, MINI, ApiFormat.OPENAI, HAIKU, ApiFormat.ANTHROPIC);

    final TestClock clock;
    final InMemoryBudgetStore store;
    final BudgetGuard guard;

    GuardHarness(Instant start, ZoneId zone, BudgetConfig... budgets) {
        this.clock = new TestClock(start);
        this.store = new InMemoryBudgetStore(clock);
        this.guard = new BudgetGuard(Arrays.asList(budgets), MODELS, FORMATS, store, zone, clock);
    }

    GuardHarness(BudgetConfig... budgets) {
        this(NOON_UTC, ZoneOffset.UTC, budgets);
    }

    /** Exact USD of a request on {@code model} (no cache). */
    static BigDecimal cost(String model, long input, long output) {
        return CostCalculator.cost(new TokenUsage(input, 0, 0, 0, output, 0), MODELS.get(model).price());
    }

    static GuardRequest request(String id, Attribution who, String model, long input, long outputCap) {
        return new GuardRequest(id, who, null, model, input, outputCap);
    }

    static GuardRequest request(String id, String model, long input, long outputCap) {
        return request(id, Attribution.none(), model, input, outputCap);
    }

    /** An attribution with {@code team} and {@code customer} set, the rest unattributed. */
    static Attribution who(String team, String customer) {
        String u = Attribution.UNATTRIBUTED;
        return new Attribution(u, team, customer, u, u, u, u);
    }

    /**
     * Runs a request through the guard and settles it at its worst case (it used its whole output cap), so
     * exactly {@code cost(model, input, output)} is spent; fails when it is blocked.
     */
    BudgetDecision spend(String id, Attribution who, String model, long input, long output) {
        BudgetDecision d = guard.evaluate(request(id, who, model, input, output));
        if (d.blocked()) {
            throw new AssertionError("setup request " + id + " was blocked: " + d.message());
        }
        guard.settle(d.hold(), new Amount(cost(d.model(), input, output), input + output, 1));
        return d;
    }

    BudgetDecision spend(String id, String model, long input, long output) {
        return spend(id, Attribution.none(), model, input, output);
    }

    /** The current window state of the budget named {@code name} for {@code member} ("" when unsplit). */
    WindowState state(String name, String member) {
        CompiledBudget budget = guard.budgets().stream().filter(b -> b.config().name().equals(name)).findFirst()
                .orElseThrow();
        return store.state(guard.windowFor(budget, member));
    }

    WindowState state(String name) {
        return state(name, "");
    }

    /** Asserts that {@code amount} is nothing (USD compared by value, whatever its scale). */
    static void assertZero(Amount amount, String why) {
        assertThat(amount.usd()).as(why).isZero();
        assertThat(amount.tokens()).as(why).isZero();
        assertThat(amount.requests()).as(why).isZero();
    }

    /** Events of a decision as {@code action:budget} strings. */
    static List<String> events(BudgetDecision d) {
        return d.events().stream().map(GuardEvent::toString).toList();
    }
}
