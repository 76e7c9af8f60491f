package dev.spendgate.demo;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Response ids and padding. Unlike token counts these must differ between identical requests, and between
 * simulator runs writing to the same ledger (a ledger may key on the provider's id), so they come from a sequence
 * mixed with the seed and the start time.
 */
final class SimIds {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";

    private final long seed;
    private final AtomicLong sequence = new AtomicLong();

    SimIds(long seed) {
        this.seed = seed ^ System.nanoTime();
    }

    /** A fresh random for the ids of one call. */
    SplittableRandom next() {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + sequence.incrementAndGet());
    }

    static String alnum(SplittableRandom rng, int length) {
        return pick(rng, ALNUM, length);
    }

    static String hex(SplittableRandom rng, int length) {
        return pick(rng, HEX, length);
    }

    /** The {@code obfuscation} padding OpenAI adds to stream events since Aug 2025 (1-12 characters). */
    static String obfuscation(SplittableRandom rng) {
        return alnum(rng, 1 + rng.nextInt(12));
    }

    private static String pick(SplittableRandom rng, String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
