package dev.spendgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimTokensTest {

    @Test
    void textTokensAreCharactersOverFourRoundedUp() {
        assertThat(SimTokens.text("")).isZero();
        assertThat(SimTokens.text("abc")).isEqualTo(1);
        assertThat(SimTokens.text("abcdefghi")).isEqualTo(3);
    }

    @Test
    void openAiCachesNothingBelow1024TokensThenIn128Steps() {
        assertThat(SimTokens.openAiCached(1023, 1.0)).isZero();
        assertThat(SimTokens.openAiCached(1100, 0.5)).isEqualTo(1024);
        assertThat(SimTokens.openAiCached(4000, 0.5)).isEqualTo(1920);
        assertThat(SimTokens.openAiCached(4000, 0.0)).isZero();
        assertThat(SimTokens.openAiCached(1200, 1.0)).isEqualTo(1152);
    }

    @Test
    void outputNeverExceedsTheCapAndIsSeedDeterministic() {
        for (int cap : new int[] {1, 5, 64, 512, 8192}) {
            int first = SimTokens.output(new SplittableRandom(cap), cap);
            assertThat(first).isBetween(1, Math.min(cap, 1024));
            assertThat(SimTokens.output(new SplittableRandom(cap), cap)).isEqualTo(first);
        }
    }

    @Test
    void generatedTextIsAboutFourCharactersPerToken() {
        String text = String.join("", SimText.tokens(new SplittableRandom(3), 400));

        assertThat(SimTokens.text(text)).isBetween(300, 500);
    }
}
