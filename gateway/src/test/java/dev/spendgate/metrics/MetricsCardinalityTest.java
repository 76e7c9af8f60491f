package dev.spendgate.metrics;

import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.MetricsConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsCardinalityTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final GatewayMeters meters = new GatewayMeters(new MetricsConfig(2, 100, Duration.ofMinutes(30)),
            registry, ticker);

    @AfterEach
    void close() {
        meters.close();
        registry.close();
    }

    private void request(String feature, String customer, String session) {
        meters.record(aRecord().attribution(new Attribution(feature, "t", customer, "free", "none-exp", "prod",
                session)).tokens(10, 0, 0, 0, 5, 0).cost("0.001").build());
    }

    @Test
    void featuresBeyondTheCapAreRecordedAsOther() {
        request("search", "c", "s1");
        request("chat", "c", "s2");
        request("summarise", "c", "s3");
        request("translate", "c", "s4");
        PromScrape s = PromScrape.parse(meters.scrape());

        assertThat(s.single("llm_requests_total", "feature", "search")).isEqualTo(1.0);
        assertThat(s.single("llm_requests_total", "feature", "chat")).isEqualTo(1.0);
        assertThat(s.single("llm_requests_total", "feature", "other")).isEqualTo(2.0);
        assertThat(s.find("llm_requests_total", "feature", "summarise")).isEmpty();
        assertThat(s.single("llm_cost_usd_total", "feature", "other")).isEqualTo(0.002);
    }

    @Test
    void sessionIsCountedOncePerFeatureAndUnattributedNever() {
        request("search", "c", "s1");
        request("search", "c", "s1");
        request("search", "c", "s2");
        request("chat", "c", "s1");
        request("chat", "c", "unattributed");
        request("chat", "c", "");
        PromScrape s = PromScrape.parse(meters.scrape());

        assertThat(s.single("llm_sessions_total", "feature", "search")).isEqualTo(2.0);
        assertThat(s.single("llm_sessions_total", "feature", "chat")).as("same id in another feature counts")
                .isEqualTo(1.0);
    }

    @Test
    void sessionIdleLongerThanTheTtlCountsAgain() {
        request("search", "c", "s1");
        nanos.addAndGet(Duration.ofMinutes(29).toNanos());
        request("search", "c", "s1");
        nanos.addAndGet(Duration.ofMinutes(31).toNanos());
        request("search", "c", "s1");

        assertThat(PromScrape.parse(meters.scrape()).single("llm_sessions_total", "feature", "search"))
                .as("TTL is after last access: the 29-minute gap kept it, the 31-minute gap forgot it")
                .isEqualTo(2.0);
    }

    @Test
    void customerAndSessionNeverAppearInTheScrape() {
        request("search", "customer-secret-42", "session-secret-9");
        String text = meters.scrape();

        assertThat(text).doesNotContain("customer-secret-42").doesNotContain("session-secret-9");
        assertThat(PromScrape.parse(text).all())
                .allSatisfy(sample -> assertThat(sample.labels()).doesNotContainKeys("customer", "session"));
    }
}
