package dev.spendgate.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The drawn answers of an OpenAI chat or legacy completion with {@code n} choices. Each choice's output counts
 * against the cap separately; usage covers all choices (semantics.md 1: "With n>1, the usage covers all
 * choices"). Reasoning tokens are part of the output but produce no visible text.
 */
record OpenAiChoices(List<List<String>> texts, List<String> finishReasons, SimUsage usage) {

    static final int MAX_N = 8;

    static OpenAiChoices draw(SimCall call, int prompt, int cap, int n) {
        List<List<String>> texts = new ArrayList<>();
        List<String> finishes = new ArrayList<>();
        int output = 0;
        int reasoning = 0;
        for (int i = 0; i < Math.max(1, Math.min(MAX_N, n)); i++) {
            int out = SimTokens.output(call.rng(), cap);
            int thought = SimTokens.reasoning(call.rng(), call.model(), out);
            texts.add(SimText.tokens(call.rng(), out - thought));
            finishes.add(out >= cap ? "length" : "stop");
            output += out;
            reasoning += thought;
        }
        int cached = SimTokens.openAiCached(prompt, call.options().cachedFraction());
        return new OpenAiChoices(texts, finishes, new SimUsage(prompt, cached, 0, 0, output, reasoning));
    }

    /** Output tokens of all choices: the number of paced stream frames. */
    int visibleTokens() {
        int sum = 0;
        for (List<String> text : texts) {
            sum += text.size();
        }
        return sum;
    }
}
