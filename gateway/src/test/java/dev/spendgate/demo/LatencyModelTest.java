package dev.spendgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyModelTest {

    @Test
    void realisticPacingStaysWithinTheCapForLongAnswers() {
        LatencyModel model = LatencyModel.realistic();
        for (int seed = 0; seed < 50; seed++) {
            SimPacing pacing = model.draw(new SplittableRandom(seed), 2000);

            assertThat(pacing.firstToken()).isBetween(Duration.ofMillis(150), Duration.ofMillis(400));
            assertThat(pacing.whole(2000)).isLessThanOrEqualTo(Duration.ofSeconds(3));
        }
    }

    @Test
    void shortAnswersKeepTheirDrawnPerTokenDelay() {
        SimPacing pacing = LatencyModel.realistic().draw(new SplittableRandom(7), 10);

        assertThat(pacing.perToken()).isBetween(Duration.ofMillis(5), Duration.ofMillis(15));
    }

    @Test
    void noLatencyNeverDelays() {
        assertThat(LatencyModel.none().draw(new SplittableRandom(1), 500)).isEqualTo(SimPacing.IMMEDIATE);
    }

    @Test
    void minAboveMaxIsRejected() {
        assertThatThrownBy(() -> new LatencyModel(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO,
                Duration.ZERO, Duration.ZERO)).hasMessageContaining("expected");
    }

    @Test
    void pacedStreamArrivesAfterTheFirstTokenDelay() {
        LatencyModel slowStart = new LatencyModel(Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1));
        try (SimulatedProvider provider = SimulatedProvider.start(SimulatorOptions.fast().withLatency(slowStart))) {
            SimClient client = new SimClient(provider.anthropicBaseUrl());
            long start = System.nanoTime();
            SimClient.Reply reply = client.post("/v1/chat/completions",
                    SimRequests.chat("gpt-4o", "hi", true).toString(), SimClient.openAi());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(reply.body()).endsWith("data: [DONE]\n\n");
            assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
        }
    }
}
