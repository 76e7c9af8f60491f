package dev.spendgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.testkit.FixtureProvider;
import dev.spendgate.testkit.LeakAssertions;
import dev.spendgate.testkit.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Spend made in the current window survives a restart: a budget that blocked before blocks after. */
class RestartKeepsSpendIntegrationTest {

    @Test
    void budgetThatBlockedBeforeARestartBlocksAfterIt() throws Exception {
        try (FixtureProvider fixtures = FixtureProvider.start()
                .replay("/v1/chat/completions", "gpt-5-mini", false, "openai-chat.json")) {
            String yaml = """
                    server: {host: 127.0.0.1, port: 0, admin_port: 0}
                    ledger: {dir: "${LEDGER_DIR}"}
                    providers:
                      openai: {type: openai, base_url: %s, api_key: "${OPENAI_API_KEY}"}
                    models:
                      gpt-5-mini: {provider: openai, price: {input: 0.25, cached_input: 0.025, output: 2}}
                    guardrails:
                      budgets:
                        - {name: per-customer, match: {feature: restart}, per: customer, limit_requests: 2}
                        - {name: spend, match: {feature: restart-usd}, limit_usd: 0.0012, window: month}
                    """.formatted(fixtures.openAiBaseUrl());
            Map<String, String> alice = Map.of("X-LLM-Feature", "restart", "X-LLM-Customer", "alice");
            Map<String, String> usd = Map.of("X-LLM-Feature", "restart-usd");
            TestGateway first = TestGateway.startYaml(yaml);
            Path ledger = first.ledgerDir();
            try {
                for (int expected : new int[] {200, 200, 429}) {
                    assertThat(GuardrailsIntegrationTest.chat(first, "gpt-5-mini", alice, "").statusCode())
                            .isEqualTo(expected);
                }
                assertThat(GuardrailsIntegrationTest.chat(first, "gpt-5-mini", usd,
                        ",\"max_completion_tokens\":300").statusCode()).isEqualTo(200);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.ledger().size() == 4);
            } finally {
                first.close();
            }

            TestGateway second = TestGateway.restart(yaml, ledger);
            try {
                assertThat(GuardrailsIntegrationTest.chat(second, "gpt-5-mini", alice, "").statusCode())
                        .as("alice's two requests of today were rebuilt from the ledger").isEqualTo(429);
                assertThat(GuardrailsIntegrationTest.chat(second, "gpt-5-mini",
                        Map.of("X-LLM-Feature", "restart", "X-LLM-Customer", "bob"), "").statusCode())
                        .as("bob spent nothing").isEqualTo(200);
                assertThat(GuardrailsIntegrationTest.chat(second, "gpt-5-mini", usd,
                        ",\"max_completion_tokens\":300")
                        .statusCode()).as("$0.0006695 of $0.0012 spent: the worst case no longer fits")
                        .isEqualTo(429);
            } finally {
                second.close();
            }
        }
        LeakAssertions.assertNoLeaks();
    }
}
