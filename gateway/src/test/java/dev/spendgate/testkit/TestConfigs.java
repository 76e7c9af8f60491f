package dev.spendgate.testkit;

import java.nio.file.Path;

/** YAML used by integration tests: real prices from the reference price table for the fixture models. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** Providers {@code openai} and {@code anthropic} at the given URLs, the fixture models, a ledger folder. */
    public static String standard(String openAiBaseUrl, String anthropicBaseUrl, Path ledgerDir) {
        return """
                server:
                  host: 127.0.0.1
                  port: 0
                  admin_port: 0
                  max_body_bytes: 65536
                  shutdown_grace: 5s
                ledger:
                  dir: %s
                providers:
                  openai:
                    type: openai
                    base_url: %s
                    api_key: ${OPENAI_API_KEY}
                    timeouts: {connect: 2s, first_byte: 5s, idle: 5s, total: 30s}
                  anthropic:
                    type: anthropic
                    base_url: %s
                    api_key: ${ANTHROPIC_API_KEY}
                    timeouts: {connect: 2s, first_byte: 5s, idle: 5s, total: 30s}
                models:
                  gpt-5-mini:
                    provider: openai
                    price: {input: 0.25, cached_input: 0.025, output: 2.00}
                  gpt-5:
                    provider: openai
                    price: {input: 1.25, cached_input: 0.125, output: 10}
                  gpt-4o-mini:
                    provider: openai
                    price: {input: 0.15, cached_input: 0.075, output: 0.6}
                  gpt-4o:
                    provider: openai
                    price: {input: 2.5, cached_input: 1.25, output: 10}
                  gpt-4.1-nano:
                    provider: openai
                    price: {input: 0.1, cached_input: 0.025, output: 0.4}
                  text-embedding-3-small:
                    provider: openai
                    price: {input: 0.02, output: 0}
                  claude-sonnet-4-5:
                    provider: anthropic
                    upstream_model: claude-sonnet-4-5-20250929
                    price: {input: 3, cached_input: 0.3, cache_write_5m: 3.75, cache_write_1h: 6, output: 15}
                  claude-haiku-4-5:
                    provider: anthropic
                    upstream_model: claude-haiku-4-5-20251001
                    price: {input: 1, cached_input: 0.1, cache_write_5m: 1.25, cache_write_1h: 2, output: 5}
                  claude-opus-4-1:
                    provider: anthropic
                    upstream_model: claude-opus-4-1-20250805
                    price: {input: 15, cached_input: 1.5, cache_write_5m: 18.75, cache_write_1h: 30, output: 75}
                """.formatted(ledgerDir.toString().replace("\\", "/"), openAiBaseUrl, anthropicBaseUrl);
    }

    /** The standard config against {@code fixtures}, with a small response limit (64 KB) for limit tests. */
    public static String smallResponseLimit(FixtureProvider fixtures) {
        return standard(fixtures.openAiBaseUrl(), fixtures.baseUrl(), java.nio.file.Path.of("${LEDGER_DIR}"))
                .replace("  max_body_bytes: 65536\n", "  max_body_bytes: 65536\n  max_response_bytes: 65536\n")
                .replace("dir: ${LEDGER_DIR}", "dir: \"${LEDGER_DIR}\"");
    }
}
