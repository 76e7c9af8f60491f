package dev.spendgate.route;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.Arm;
import dev.spendgate.config.ExperimentConfig;
import java.nio.charset.StandardCharsets;

/**
 * Assigns an experiment arm from a stable 64-bit hash of (experiment name, sticky value): FNV-1a 64 over the UTF-8
 * bytes, finished with MurmurHash3's fmix64 so that close inputs spread over the whole range. The hash maps to a
 * point in {@code [0, total weight)}, and the arm whose cumulative weight interval holds the point wins. So the
 * same customer always gets the same arm, and changing one arm's weight (with the total kept) moves only the
 * customers in the changed interval. Stateless and thread-safe.
 */
public final class ExperimentAssigner {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final double UNIT = 0x1.0p-53;

    private ExperimentAssigner() {
    }

    /** The arm for a sticky value (see {@link #stickyValue}). */
    public static Arm assign(ExperimentConfig experiment, String stickyValue) {
        double point = unit(hash(experiment.name(), stickyValue)) * experiment.totalWeight();
        double upTo = 0;
        for (Arm arm : experiment.arms()) {
            upTo += arm.weight();
            if (point < upTo) {
                return arm;
            }
        }
        return experiment.arms().get(experiment.arms().size() - 1);
    }

    /**
     * The value that keeps the assignment stable: the customer or session, or the request id when that dimension
     * is unattributed or the experiment is not sticky (a random arm per request).
     */
    public static String stickyValue(ExperimentConfig experiment, Attribution attribution, String requestId) {
        String value = switch (experiment.sticky()) {
            case CUSTOMER -> attribution.customer();
            case SESSION -> attribution.session();
            case NONE -> Attribution.UNATTRIBUTED;
        };
        return Attribution.UNATTRIBUTED.equals(value) ? "request:" + requestId : value;
    }

    /** FNV-1a 64 of {@code experiment + '\0' + value}, then fmix64. */
    static long hash(String experiment, String value) {
        long h = FNV_OFFSET;
        h = fnv(h, experiment.getBytes(StandardCharsets.UTF_8));
        h *= FNV_PRIME; // a zero byte between the two strings: ("ab", "c") differs from ("a", "bc")
        h = fnv(h, value.getBytes(StandardCharsets.UTF_8));
        return fmix64(h);
    }

    /** A point in [0, 1) from the top 53 bits. */
    static double unit(long hash) {
        return (hash >>> 11) * UNIT;
    }

    private static long fnv(long seed, byte[] bytes) {
        long h = seed;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    private static long fmix64(long k) {
        long h = k;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
