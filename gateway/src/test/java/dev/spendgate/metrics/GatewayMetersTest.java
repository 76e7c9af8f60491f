package dev.spendgate.metrics;

import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.MetricsConfig;
import dev.spendgate.ledger.UsageRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayMetersTest {

    private static final String[] CHAT = {"feature", "search", "provider", "openai", "model", "gpt-5-mini"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMeters meters = new GatewayMeters(new MetricsConfig(50, 1_000, Duration.ofMinutes(30)),
            registry);

    @AfterEach
    void close() {
        meters.close();
        registry.close();
    }

    private static UsageRecord chatStream() {
        return aRecord()
                .attribution(new Attribution("search", "growth", "cust-42", "pro", "exp-a", "prod", "sess-9"))
                .target("chat_completions", "openai", "gpt-5-mini")
                .tokens(86, 1920, 5, 7, 300, 192)
                .cost("0.0006695")
                .streamed(1_500.0, 300.0)
                .build();
    }

    @Test
    void recordIncrementsEverySeriesOfTheRequestWithExactValues() {
        meters.record(chatStream());
        PromScrape s = PromScrape.parse(meters.scrape());

        assertThat(s.single("llm_requests_total", "feature", "search", "team", "growth", "tier", "pro",
                "experiment", "exp-a", "environment", "prod", "provider", "openai", "model", "gpt-5-mini",
                "endpoint", "chat_completions", "outcome", "success", "usage_source", "provider", "stream", "true"))
                .isEqualTo(1.0);
        assertThat(s.single("llm_tokens_total", "type", "input")).isEqualTo(86.0);
        assertThat(s.single("llm_tokens_total", "type", "cached_input")).isEqualTo(1920.0);
        assertThat(s.single("llm_tokens_total", "type", "cache_write_5m")).isEqualTo(5.0);
        assertThat(s.single("llm_tokens_total", "type", "cache_write_1h")).isEqualTo(7.0);
        assertThat(s.single("llm_tokens_total", "type", "output")).isEqualTo(300.0);
        assertThat(s.single("llm_tokens_total", "type", "reasoning")).as("informational subset of output")
                .isEqualTo(192.0);
        assertThat(s.single("llm_cost_usd_total", "team", "growth", "usage_source", "provider"))
                .isEqualTo(0.0006695);
        assertThat(s.single("llm_request_duration_seconds_count", CHAT)).isEqualTo(1.0);
        assertThat(s.single("llm_request_duration_seconds_sum", CHAT)).isCloseTo(1.5, within(1e-9));
        assertThat(s.single("llm_request_duration_seconds_bucket", "le", "1.0")).isZero();
        assertThat(s.single("llm_request_duration_seconds_bucket", "le", "2.0")).isEqualTo(1.0);
        assertThat(s.single("llm_time_to_first_token_seconds_sum", CHAT)).isCloseTo(0.3, within(1e-9));
        assertThat(s.single("llm_time_to_first_token_seconds_bucket", "le", "0.3")).isEqualTo(1.0);
        assertThat(s.single("llm_time_to_first_token_seconds_bucket", "le", "0.2")).isZero();
        assertThat(s.single("llm_sessions_total", "feature", "search")).isEqualTo(1.0);
    }

    @Test
    void costOfTenThousandTinyRequestsIsExactlyTheDecimalSum() {
        UsageRecord embedding = aRecord().target("embeddings", "openai", "text-embedding-3-small")
                .tokens(14, 0, 0, 0, 0, 0).cost("0.00000028").build();
        double naive = 0;
        for (int i = 0; i < 10_000; i++) {
            meters.record(embedding);
            naive += 0.00000028;
        }

        String text = meters.scrape();
        assertThat(naive).as("a double accumulator would drift").isNotEqualTo(0.0028);
        assertThat(text).contains("llm_cost_usd_total{endpoint=\"embeddings\"");
        assertThat(PromScrape.parse(text).single("llm_cost_usd_total", "endpoint", "embeddings")).isEqualTo(0.0028);
        assertThat(text).containsPattern("llm_cost_usd_total\\{[^}]*endpoint=\"embeddings\"[^}]*} 0\\.0028\n");
    }

    @Test
    void streamFalseRequestHasNoTimeToFirstToken() {
        meters.record(aRecord().latency(80).build());
        PromScrape s = PromScrape.parse(meters.scrape());

        assertThat(s.single("llm_requests_total", "stream", "false")).isEqualTo(1.0);
        assertThat(s.find("llm_time_to_first_token_seconds_count")).isEmpty();
    }

    @Test
    void rejectedRequestIsCountedWithoutTokenOrCostSeries() {
        meters.record(aRecord().target("chat_completions", null, null).outcome("unknown_model", "none").build());
        PromScrape s = PromScrape.parse(meters.scrape());

        assertThat(s.single("llm_requests_total", "outcome", "unknown_model", "usage_source", "none",
                "provider", "none", "model", "none", "feature", "unattributed")).isEqualTo(1.0);
        assertThat(s.find("llm_tokens_total")).isEmpty();
        assertThat(s.find("llm_cost_usd_total")).isEmpty();
    }

    @Test
    void repeatedTupleRegistersNoNewMeters() {
        meters.record(chatStream());
        int after1 = registry.getMeters().size();
        meters.record(chatStream());

        assertThat(registry.getMeters()).hasSize(after1);
        assertThat(PromScrape.parse(meters.scrape()).single("llm_tokens_total", "type", "output")).isEqualTo(600.0);
    }

    @Test
    void rawValuesThatCapToTheSameLabelsShareOneSeries() {
        try (GatewayMeters capped = new GatewayMeters(new MetricsConfig(1, 1_000, Duration.ofMinutes(30)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            for (String feature : new String[] {"first", "second", "third", "second", "first"}) {
                capped.record(aRecord().feature(feature, "growth").cost("0.001").build());
            }
            PromScrape s = PromScrape.parse(capped.scrape());

            assertThat(s.single("llm_requests_total", "feature", "first")).isEqualTo(2.0);
            assertThat(s.single("llm_requests_total", "feature", "other"))
                    .as("second and third are two raw tuples resolved to the same series").isEqualTo(3.0);
            assertThat(s.single("llm_cost_usd_total", "feature", "other")).isEqualTo(0.003, within(1e-12));
            assertThat(capped.resolvedTuples()).isEqualTo(3);
        }
    }

    @Test
    void floodOfDistinctRawValuesKeepsTheResolvedMetersCacheBounded() {
        int n = GatewayMeters.MAX_RESOLVED_TUPLES + 500;
        for (int i = 0; i < n; i++) {
            meters.record(aRecord().feature("f-" + i, "growth").build());
        }
        PromScrape s = PromScrape.parse(meters.scrape());

        assertThat(meters.resolvedTuples()).isLessThanOrEqualTo(GatewayMeters.MAX_RESOLVED_TUPLES);
        assertThat(s.sum("llm_requests_total")).isEqualTo(n);
        assertThat(s.single("llm_requests_total", "feature", "other")).isEqualTo(n - 50);
    }

    @Test
    void ledgerDropsAreCounted() {
        meters.ledgerDropped();
        meters.ledgerDropped(4);

        assertThat(PromScrape.parse(meters.scrape()).single("llm_ledger_dropped_total")).isEqualTo(5.0);
    }

    @Test
    void processAndNettyAllocatorMetersAreExported() {
        PromScrape s = PromScrape.parse(meters.scrape());

        assertThat(s.find("netty_allocator_memory_used_bytes", "area", "direct")).hasSize(1);
        assertThat(s.find("netty_allocator_memory_used_bytes", "area", "heap")).hasSize(1);
        assertThat(s.find("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(s.find("jvm_threads_live_threads")).isNotEmpty();
        assertThat(s.find("process_uptime_seconds")).isNotEmpty();
        assertThat(s.find("system_cpu_count")).isNotEmpty();
    }
}
