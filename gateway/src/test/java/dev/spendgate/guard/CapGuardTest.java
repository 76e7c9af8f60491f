package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.CapConfig;
import dev.spendgate.config.MatchConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CapGuardTest {

    static final MatchConfig FREE = new MatchConfig(Map.of(Dimension.TIER, "free"), Set.of(), null);
    static final Attribution FREE_USER = new Attribution("chat", "t", "acme", "free", "e", "prod", "s");
    static final Attribution ENTERPRISE_USER = new Attribution("chat", "t", "acme", "enterprise", "e", "prod", "s");

    static CapConfig input(String name, MatchConfig match, long max, @Nullable String overflow) {
        return new CapConfig(name, match, max, overflow, null);
    }

    static CapConfig output(String name, MatchConfig match, long max) {
        return new CapConfig(name, match, null, null, max);
    }

    static CapDecision apply(CapGuard guard, Attribution a, long input, @Nullable Long requestedOutput) {
        return guard.apply(a, null, "gpt-4o-mini", input, requestedOutput);
    }

    @Test
    void inputOverTheCapWithoutOverflowModelIsRefusedWith413() {
        CapGuard guard = new CapGuard(List.of(input("free-input", FREE, 8_000, null)));
        CapDecision d = apply(guard, FREE_USER, 8_001, null);
        assertThat(d.refused()).isTrue();
        GuardRejection r = d.rejection();
        assertThat(r).isNotNull();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.code()).isEqualTo("input_too_large");
        assertThat(r.getMessage()).as("names the cap, the counted tokens, the limit and the fix")
                .contains("'free-input'", "8001 tokens", "8000 input tokens", "shorten the prompt");
    }

    @Test
    void inputAtTheCapOrOutsideTheMatchPasses() {
        CapGuard guard = new CapGuard(List.of(input("free-input", FREE, 8_000, null)));
        assertThat(apply(guard, FREE_USER, 8_000, null)).isEqualTo(CapDecision.unchanged());
        assertThat(apply(guard, ENTERPRISE_USER, 100_000, null)).isEqualTo(CapDecision.unchanged());
    }

    @Test
    void inputOverTheCapWithOverflowModelIsRoutedThere() {
        CapGuard guard = new CapGuard(List.of(input("free-input", FREE, 8_000, "gpt-4.1")));
        CapDecision d = apply(guard, FREE_USER, 20_000, 512L);
        assertThat(d.refused()).isFalse();
        assertThat(d.routeTo()).isEqualTo("gpt-4.1");
        assertThat(d.routedBy()).isEqualTo("free-input");
        assertThat(d.clampOutputTo()).isNull();
    }

    @Test
    void laterCapWithoutOverflowStillRefusesARoutedRequest() {
        CapGuard guard = new CapGuard(List.of(
                input("free-input", FREE, 8_000, "gpt-4.1"),
                input("hard-ceiling", MatchConfig.all(), 100_000, null)));
        assertThat(apply(guard, FREE_USER, 50_000, null).routeTo()).isEqualTo("gpt-4.1");
        CapDecision d = apply(guard, FREE_USER, 150_000, null);
        assertThat(d.refused()).isTrue();
        assertThat(d.rejection().getMessage()).contains("'hard-ceiling'");
        assertThat(d.routeTo()).isNull();
    }

    @Test
    void requestedOutputAboveTheCapIsClamped() {
        CapGuard guard = new CapGuard(List.of(output("free-output", FREE, 1_024)));
        CapDecision d = apply(guard, FREE_USER, 10, 4_096L);
        assertThat(d.clampOutputTo()).isEqualTo(1_024L);
        assertThat(d.clampedBy()).isEqualTo("free-output");
    }

    @Test
    void requestedOutputWithinTheCapIsLeftAlone() {
        CapGuard guard = new CapGuard(List.of(output("free-output", FREE, 1_024)));
        assertThat(apply(guard, FREE_USER, 10, 1_024L).clampOutputTo()).isNull();
        assertThat(apply(guard, FREE_USER, 10, 200L).clampOutputTo()).isNull();
    }

    @Test
    void requestWithoutOutputCapGetsTheCap() {
        CapGuard guard = new CapGuard(List.of(output("free-output", FREE, 1_024)));
        assertThat(apply(guard, FREE_USER, 10, null).clampOutputTo()).isEqualTo(1_024L);
        assertThat(apply(guard, ENTERPRISE_USER, 10, null).clampOutputTo()).isNull();
    }

    @Test
    void severalMatchingCapsTakeTheSmallestOutputCap() {
        MatchConfig chat = new MatchConfig(Map.of(Dimension.FEATURE, "chat"), Set.of(), null);
        CapGuard guard = new CapGuard(List.of(
                output("everyone", MatchConfig.all(), 4_000),
                output("free", FREE, 1_000),
                output("chat", chat, 2_000)));
        CapDecision free = apply(guard, FREE_USER, 10, 8_000L);
        assertThat(free.clampOutputTo()).isEqualTo(1_000L);
        assertThat(free.clampedBy()).isEqualTo("free");
        CapDecision enterprise = apply(guard, ENTERPRISE_USER, 10, null);
        assertThat(enterprise.clampOutputTo()).isEqualTo(2_000L);
        assertThat(enterprise.clampedBy()).isEqualTo("chat");
    }

    @Test
    void capsMatchOnTheModelAndKey() {
        MatchConfig keyed = new MatchConfig(Map.of(), Set.of("gpt-4o"), "search-service");
        CapGuard guard = new CapGuard(List.of(output("search-4o", keyed, 500)));
        assertThat(guard.apply(FREE_USER, "search-service", "gpt-4o", 10, null).clampOutputTo()).isEqualTo(500L);
        assertThat(guard.apply(FREE_USER, "search-service", "gpt-4o-mini", 10, null).clampOutputTo()).isNull();
        assertThat(guard.apply(FREE_USER, null, "gpt-4o", 10, null).clampOutputTo()).isNull();
    }
}
