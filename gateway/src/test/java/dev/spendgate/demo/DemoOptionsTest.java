package dev.spendgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void fastOptionsHaveNoLatencyAndRealisticOnesDo() {
        assertThat(SimulatorOptions.fast().latency().isNone()).isTrue();
        assertThat(SimulatorOptions.realistic().latency().isNone()).isFalse();
        assertThat(SimulatorOptions.fast().apiKey()).as("any non-empty key").isEmpty();
    }

    @Test
    void simulatorOptionsRejectOutOfRangeValues() {
        assertThatThrownBy(() -> SimulatorOptions.fast().withCachedFraction(1.5)).hasMessageContaining("0..1");
        assertThatThrownBy(() -> SimulatorOptions.fast().withPort(70_000)).hasMessageContaining("port");
    }

    @Test
    void trafficOptionsDefaultToFourPerSecondUnlimited() {
        TrafficOptions options = TrafficOptions.defaults(URI.create("http://127.0.0.1:8080"));

        assertThat(options.requestsPerSecond()).isEqualTo(4);
        assertThat(options.duration()).isNull();
        assertThatThrownBy(() -> options.withDuration(Duration.ZERO)).hasMessageContaining("duration");
        assertThatThrownBy(() -> options.withMaxConcurrency(0)).hasMessageContaining("maxConcurrency");
    }

    @Test
    void baseUrlsFollowTheSdkConventions() {
        try (SimulatedProvider provider = SimulatedProvider.start(SimulatorOptions.fast())) {
            assertThat(provider.port()).isPositive();
            assertThat(provider.anthropicBaseUrl()).isEqualTo("http://127.0.0.1:" + provider.port());
            assertThat(provider.openAiBaseUrl()).isEqualTo("http://127.0.0.1:" + provider.port() + "/v1");
        }
    }
}
