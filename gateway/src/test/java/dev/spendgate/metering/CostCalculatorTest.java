package dev.spendgate.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact decimal cost: the FIXTURES.md figures, long-context tiers, zero and long sums. */
class CostCalculatorTest {

    static Stream<Arguments> fixtureCosts() {
        return Stream.of(
                Arguments.of("openai-chat.json", "gpt-5-mini", new TokenUsage(86, 1920, 0, 0, 300, 192), "0.0006695"),
                Arguments.of("openai-chat-stream.sse", "gpt-4o-mini", new TokenUsage(216, 1024, 0, 0, 9, 0),
                        "0.0001146"),
                Arguments.of("openai-chat-stream-tools.sse", "gpt-4o", new TokenUsage(88, 0, 0, 0, 46, 0), "0.00068"),
                Arguments.of("azure-openai-chat-stream.sse", "gpt-4o", new TokenUsage(23, 0, 0, 0, 8, 0), "0.0001375"),
                Arguments.of("openai-responses.json", "gpt-5", new TokenUsage(176, 2944, 0, 0, 710, 512), "0.007688"),
                Arguments.of("openai-responses-stream.sse", "gpt-5-mini", new TokenUsage(252, 1280, 0, 0, 389, 320),
                        "0.000873"),
                Arguments.of("openai-embeddings.json", "text-embedding-3-small", new TokenUsage(14, 0, 0, 0, 0, 0),
                        "0.00000028"),
                Arguments.of("anthropic-messages.json", "claude-sonnet-4-5-20250929",
                        new TokenUsage(42, 10240, 1536, 0, 318, 0), "0.013728"),
                Arguments.of("anthropic-messages-stream.sse", "claude-haiku-4-5-20251001",
                        new TokenUsage(24, 2048, 0, 0, 57, 0), "0.0005138"),
                Arguments.of("anthropic-messages-stream-thinking-tools.sse", "claude-opus-4-1-20250805",
                        new TokenUsage(472, 0, 0, 2100, 89, 0), "0.076755"),
                Arguments.of("anthropic-messages-stream-error.sse", "claude-sonnet-4-5-20250929",
                        new TokenUsage(1210, 0, 0, 0, 2, 0), "0.00366"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureCosts")
    void fixtureUsageCostsExactlyWhatFixturesMdSays(String fixture, String model, TokenUsage usage, String cost) {
        assertThat(CostCalculator.cost(usage, TestPrices.of(model))).isEqualByComparingTo(cost);
    }

    @Test
    void reasoningIsInsideOutputAndNeverBilledAgain() {
        ModelPrice price = TestPrices.of("gpt-5-mini");

        assertThat(CostCalculator.cost(new TokenUsage(0, 0, 0, 0, 1000, 900), price))
                .isEqualByComparingTo(CostCalculator.cost(new TokenUsage(0, 0, 0, 0, 1000, 0), price));
    }

    @Test
    void longContextTierPricesTheWholeRequestOnlyAboveItsThreshold() {
        ModelPrice sonnet = TestPrices.of("claude-sonnet-4-5-20250929");
        TokenUsage atThreshold = new TokenUsage(100_000, 60_000, 30_000, 10_000, 1_000, 0);
        TokenUsage oneAbove = new TokenUsage(100_001, 60_000, 30_000, 10_000, 1_000, 0);

        assertThat(atThreshold.totalInput()).isEqualTo(200_000);
        // base: 100000*3 + 60000*0.3 + 30000*3.75 + 10000*6 + 1000*15 = 505500 per 1e6
        assertThat(CostCalculator.cost(atThreshold, sonnet)).as("exactly at the threshold uses base rates")
                .isEqualByComparingTo("0.5055");
        // tier: 100001*6 + 60000*0.6 + 30000*7.5 + 10000*12 + 1000*22.5 = 1003506 per 1e6
        assertThat(CostCalculator.cost(oneAbove, sonnet)).as("one token above re-prices every component")
                .isEqualByComparingTo("1.003506");
    }

    @Test
    void zeroUsageCostsZero() {
        assertThat(CostCalculator.cost(TokenUsage.ZERO, TestPrices.of("claude-opus-4-1-20250805")))
                .isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void sumOfManySmallCostsStaysExact() {
        ModelPrice price = TestPrices.of("gpt-4.1-nano");
        TokenUsage oneToken = new TokenUsage(1, 0, 0, 0, 0, 0);
        BigDecimal sum = BigDecimal.ZERO;
        double naive = 0;
        for (int i = 0; i < 1_000_000; i++) {
            BigDecimal cost = CostCalculator.cost(oneToken, price);
            sum = sum.add(cost);
            naive += cost.doubleValue();
        }

        assertThat(sum).isEqualByComparingTo("0.1");
        assertThat(naive).as("why BigDecimal: doubles drift on the same sum").isNotEqualTo(0.1);
    }

    @Test
    void inputOutputCostIsExactlyTheCostOfThatUsageScaleIncluded() {
        java.util.Random random = new java.util.Random(7);
        for (String model : new String[] {"gpt-4o", "gpt-4o-mini", "text-embedding-3-small",
                "claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"}) {
            ModelPrice price = TestPrices.of(model);
            for (int i = 0; i < 2_000; i++) {
                long input = i % 10 == 0 ? 0 : random.nextInt(i % 3 == 0 ? 400_000 : 5_000);
                long output = i % 7 == 0 ? 0 : random.nextInt(i % 5 == 0 ? 3_000_000 : 5_000);
                BigDecimal expected = CostCalculator.cost(new TokenUsage(input, 0, 0, 0, output, 0), price);

                assertThat(CostCalculator.inputOutputCost(input, output, price))
                        .as("%s %d in %d out: equal, scale included", model, input, output).isEqualTo(expected);
            }
        }
    }
}
