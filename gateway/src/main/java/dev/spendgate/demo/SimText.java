package dev.spendgate.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated English-looking text. Each output "token" is one short word with its leading space, about four
 * characters, so that text length / 4 (the simulator's prompt-token rule) matches the token count roughly.
 */
final class SimText {

    private static final String[] WORDS = {
        "the", "cost", "of", "each", "model", "call", "is", "billed", "per", "token", "and", "cache",
        "reads", "are", "low", "than", "new", "input", "so", "teams", "watch", "spend", "by", "use",
        "this", "report", "shows", "that", "it", "grew", "in", "June", "for", "large", "users", "with",
        "long", "text", "we", "can", "trim", "a", "route", "small", "tasks", "to", "an", "mini",
        "price", "data", "plan", "team", "rate", "limit", "on", "at", "order", "bill", "total",
        "tax", "note", "draft", "reply", "or",
    };

    private SimText() {
    }

    /** {@code count} tokens: the first without a leading space, the rest with one. */
    static List<String> tokens(SplittableRandom rng, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String word = WORDS[rng.nextInt(WORDS.length)];
            out.add(i == 0 ? capitalize(word) : (i % 13 == 12 ? "." : " " + word));
        }
        return out;
    }

    /** Prose of roughly {@code tokens} tokens by the chars/4 rule (used for generated prompts). */
    static String prose(SplittableRandom rng, int tokens) {
        StringBuilder sb = new StringBuilder(tokens * 4 + 8);
        int target = tokens * 4;
        while (sb.length() < target) {
            sb.append(sb.length() == 0 ? "" : " ").append(WORDS[rng.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
