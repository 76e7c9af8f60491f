package dev.spendgate.admin;

import static dev.spendgate.testkit.BudgetFixture.day;
import static dev.spendgate.testkit.BudgetFixture.guard;
import static dev.spendgate.testkit.BudgetFixture.reserve;
import static dev.spendgate.testkit.BudgetFixture.spend;
import static dev.spendgate.testkit.BudgetFixture.usd;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.BudgetConfig;
import dev.spendgate.config.LadderStep;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.config.WindowSpec;
import dev.spendgate.guard.BudgetGuard;
import dev.spendgate.guard.InMemoryBudgetStore;
import dev.spendgate.testkit.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BudgetsViewTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TestClock clock = new TestClock(Instant.parse("2026-03-10T05:00:00Z"));
    private final InMemoryBudgetStore store = new InMemoryBudgetStore(clock);
    private final AtomicReference<BudgetGuard> current = new AtomicReference<>();
    private final BudgetsView view = new BudgetsView(current::get, clock);

    private JsonNode budget(String name) throws Exception {
        for (JsonNode b : MAPPER.readTree(view.json()).get("budgets")) {
            if (b.get("name").asText().equals(name)) {
                return b;
            }
        }
        throw new AssertionError("no budget " + name);
    }

    @Test
    void unsplitBudgetShowsDefinitionAndCurrentWindowState() throws Exception {
        BudgetConfig summarize = new BudgetConfig("free-summarize", new MatchConfig(
                Map.of(Dimension.TIER, "free", Dimension.FEATURE, "summarize"), Set.of("mini"), null), null, day(),
                new BigDecimal("50.00"), null, 100L, true, List.of(
                        new LadderStep(new BigDecimal("0.8"), LadderStep.Action.WARN, null),
                        new LadderStep(new BigDecimal("0.9"), LadderStep.Action.DOWNGRADE, "mini"),
                        new LadderStep(BigDecimal.ONE, LadderStep.Action.BLOCK, null)), 64L);
        current.set(guard(store, PARIS, clock, summarize, usd("everyone", "10", day(), null)));
        spend(current.get(), "c1", "0.25", 2_000); // does not match free-summarize: search feature
        JsonNode b = budget("free-summarize");

        assertThat(b.get("window").asText()).isEqualTo("day");
        assertThat(b.get("time_zone").asText()).isEqualTo("Europe/Paris");
        assertThat(b.get("enforce").asBoolean()).isTrue();
        assertThat(b.get("match").toString()).isEqualTo("{\"feature\":\"summarize\",\"tier\":\"free\","
                + "\"models\":[\"mini\"]}");
        assertThat(b.get("limits").toString()).as("USD as an exact string; unset limits absent")
                .isEqualTo("{\"usd\":\"50\",\"requests\":100}");
        assertThat(b.get("ladder").toString()).isEqualTo("[{\"at\":0.8,\"action\":\"warn\"},"
                + "{\"at\":0.9,\"action\":\"downgrade\",\"to\":\"mini\"},{\"at\":1,\"action\":\"block\"}]");
        assertThat(b.get("clamp_min_tokens").asLong()).isEqualTo(64);
        assertThat(b.has("per")).isFalse();
        JsonNode w = b.get("current");
        assertThat(w.get("start").asText()).as("local midnight in Paris").isEqualTo("2026-03-09T23:00:00Z");
        assertThat(w.get("resets_at").asText()).isEqualTo("2026-03-10T23:00:00Z");
        assertThat(w.get("spent").toString()).isEqualTo("{\"usd\":\"0\",\"tokens\":0,\"requests\":0}");
        assertThat(w.has("top_members")).isFalse();
    }

    @Test
    void unsplitBudgetWindowCountsSpentReservedAndRemaining() throws Exception {
        current.set(guard(store, PARIS, clock, usd("everyone", "1", day(), null)));
        spend(current.get(), "c1", "0.25", 2_000);
        reserve(current.get(), "c2"); // in flight: $0.003, 1,500 tokens
        JsonNode w = budget("everyone").get("current");

        assertThat(w.get("spent").toString()).isEqualTo("{\"usd\":\"0.25\",\"tokens\":2000,\"requests\":1}");
        assertThat(w.get("reserved").toString()).isEqualTo("{\"usd\":\"0.003\",\"tokens\":1500,\"requests\":1}");
        assertThat(w.get("remaining").toString()).isEqualTo("{\"usd\":\"0.747\"}");
        assertThat(w.get("utilization").asDouble()).isEqualTo(0.253);
    }

    @Test
    void perBudgetListsTopTwentyMembersByCommittedSpend() throws Exception {
        current.set(guard(store, PARIS, clock, usd("free-customer", "1", day(), Dimension.CUSTOMER)));
        for (int i = 1; i <= 25; i++) {
            spend(current.get(), "cust-" + i, "0.0" + (i < 10 ? "0" : "") + i, 100);
        }
        JsonNode b = budget("free-customer");
        JsonNode w = b.get("current");

        assertThat(b.get("per").asText()).isEqualTo("customer");
        assertThat(w.get("members").asInt()).isEqualTo(25);
        assertThat(w.get("spent").get("usd").asText()).as("sum of 0.001..0.025").isEqualTo("0.325");
        assertThat(w.get("utilization").asDouble()).as("largest member").isEqualTo(0.025);
        assertThat(w.has("remaining")).isFalse();
        JsonNode top = w.get("top_members");
        assertThat(top).hasSize(BudgetsView.TOP_MEMBERS);
        assertThat(top.get(0).get("member").asText()).isEqualTo("cust-25");
        assertThat(top.get(0).get("spent").get("usd").asText()).isEqualTo("0.025");
        assertThat(top.get(0).get("utilization").asDouble()).isEqualTo(0.025);
        assertThat(top.get(19).get("member").asText()).as("cust-1..5 are not in the top 20").isEqualTo("cust-6");
    }

    @Test
    void rollingBudgetShowsItsLengthAndEveryBudgetAppearsInConfigOrder() throws Exception {
        WindowSpec hour = new WindowSpec(WindowSpec.Kind.ROLLING, Duration.ofMinutes(90));
        current.set(guard(store, PARIS, clock, usd("b-first", "1", hour, null), usd("a-second", "1", day(), null)));
        JsonNode budgets = MAPPER.readTree(view.json()).get("budgets");

        assertThat(budgets).extracting(n -> n.get("name").asText()).containsExactly("b-first", "a-second");
        assertThat(budgets.get(0).get("window").asText()).isEqualTo("rolling 90m");
        assertThat(MAPPER.readTree(view.json()).get("now").asText()).isEqualTo("2026-03-10T05:00:00Z");
    }
}
