package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.WindowSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RebuildTargetTest {

    private static final Instant NOW = Instant.parse("2026-03-29T01:30:00Z"); // Berlin's spring-forward day

    @ParameterizedTest
    @ValueSource(strings = {"day", "week", "month", "PT1H", "PT90S", "PT7M13S", "P1D"})
    void cachedWindowIsAlwaysTheOneBudgetWindowsComputes(String window) {
        WindowSpec spec = window.startsWith("P")
                ? new WindowSpec(WindowSpec.Kind.ROLLING, Duration.parse(window))
                : new WindowSpec(WindowSpec.Kind.valueOf(window.toUpperCase(java.util.Locale.ROOT)), null);
        ZoneId zone = ZoneId.of("Europe/Berlin");
        BudgetConfig config = RebuildFixtures.budget("b", Map.of(), null, spec, "1");
        CompiledBudget budget = CompiledBudget.of(config, zone);
        RebuildTarget target = new RebuildTarget(budget, zone, NOW);
        WindowRef current = BudgetWindows.windowFor(budget.id(), "", spec, zone, NOW);
        SplittableRandom random = new SplittableRandom(7);
        Instant t = NOW.minus(Duration.ofDays(35)); // a month window starts on the 1st
        int counted = 0;
        // Mostly small steps forward (ledger order), sometimes a jump back: exercises hits, misses and edges.
        for (int i = 0; i < 20_000; i++) {
            t = random.nextInt(50) == 0 ? t.minusSeconds(random.nextInt(7_200))
                    : t.plusMillis(random.nextLong(1, 800_000));
            if (t.isAfter(NOW.plus(Duration.ofDays(2)))) {
                t = NOW.minus(Duration.ofMinutes(random.nextInt(90)));
            }
            WindowRef direct = BudgetWindows.windowFor(budget.id(), "", spec, zone, t);
            boolean inWindow = !t.isBefore(current.start()) && current.buckets().contains(direct.current());
            WindowRef cached = target.windowAt(t);
            assertThat(cached).as("at %s", t).isEqualTo(inWindow ? direct : null);
            counted += inWindow ? 1 : 0;
        }
        assertThat(counted).as("the walk passes through the current window").isPositive();
    }
}
