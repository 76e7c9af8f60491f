package dev.spendgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

    private static SimulatedProvider provider;

    @BeforeAll
    static void start() {
        provider = SimulatedProvider.start(SimulatorOptions.fast().withApiKey(TrafficMix.API_KEY));
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void shortRunAgainstTheSimulatorSendsEveryApiWithoutFailures() {
        TrafficOptions options = TrafficOptions.defaults(URI.create(provider.anthropicBaseUrl()))
                .withRate(60).withMaxConcurrency(16).withDuration(Duration.ofSeconds(2));
        TrafficGenerator generator = TrafficGenerator.start(options);

        generator.whenDone().block(Duration.ofSeconds(20));

        assertThat(generator.sent()).as("paranoid leak detection slows streams; 60/s is not reached")
                .isGreaterThan(30);
        assertThat(generator.failed()).isZero();
        assertThat(generator.completed()).isEqualTo(generator.sent());
        assertThat(provider.requestCounts()).containsKeys("/v1/chat/completions", "/v1/messages",
                "/v1/responses", "/v1/embeddings").doesNotContainKey("other");
    }

    @Test
    void stopEndsAnUnlimitedRunAndNoMoreRequestsAreSent() throws InterruptedException {
        TrafficGenerator generator = TrafficGenerator.start(TrafficOptions.defaults(
                URI.create(provider.anthropicBaseUrl())).withRate(50));
        Thread.sleep(300);

        generator.stop();
        generator.whenDone().block(Duration.ofSeconds(10));
        long sentAtStop = generator.sent();
        Thread.sleep(200);

        assertThat(sentAtStop).isPositive();
        assertThat(generator.sent()).as("no ticks after stop").isEqualTo(sentAtStop);
    }

    @Test
    void mixCoversFeaturesTiersExperimentArmsAndUnattributedTraffic() {
        TrafficMix mix = new TrafficMix(7);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            PlannedRequest request = mix.next();
            seen.add("feature=" + request.feature());
            request.headers().forEach((name, value) -> {
                if (!name.equals("X-LLM-Customer") && !name.equals("X-LLM-Session")) {
                    seen.add(name + "=" + value);
                }
            });
            seen.add("stream=" + request.body().contains("\"stream\":true"));
            seen.add("include_usage=" + request.body().contains("include_usage"));
        }

        assertThat(seen).contains("feature=summarize", "feature=search", "feature=chat-assistant",
                "feature=classify", "feature=embed-docs", "feature=" + PlannedRequest.UNATTRIBUTED,
                "X-LLM-Tier=free", "X-LLM-Tier=pro", "X-LLM-Tier=enterprise",
                "X-LLM-Experiment=summarize-model-test:control", "X-LLM-Experiment=summarize-model-test:treatment",
                "X-LLM-Env=production", "X-LLM-Env=staging", "stream=true", "stream=false",
                "include_usage=true", "include_usage=false", "anthropic-version=2023-06-01",
                "authorization=Bearer demo-key", "x-api-key=demo-key");
    }

    @Test
    void sessionsSpanSeveralRequestsOfOneCustomer() {
        TrafficCustomers customers = new TrafficCustomers();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        java.util.Map<String, Set<String>> customersBySession = new java.util.HashMap<>();
        java.util.Map<String, Integer> requestsBySession = new java.util.HashMap<>();
        for (int i = 0; i < 1000; i++) {
            TrafficCustomers.Pick pick = customers.pick(rng);
            customersBySession.computeIfAbsent(pick.session(), s -> new HashSet<>()).add(pick.customer());
            requestsBySession.merge(pick.session(), 1, Integer::sum);
        }

        assertThat(customersBySession.values()).allSatisfy(c -> assertThat(c).hasSize(1));
        assertThat(requestsBySession.values()).allSatisfy(n -> assertThat(n).isBetween(1, 6));
        assertThat(requestsBySession.values().stream().mapToInt(Integer::intValue).average().orElse(0))
                .isGreaterThan(2.5);
        assertThat(customersBySession.values().stream().flatMap(Set::stream).distinct().count())
                .isGreaterThan(40);
    }
}
