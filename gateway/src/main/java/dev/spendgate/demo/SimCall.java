package dev.spendgate.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * One parsed request as an endpoint sees it. {@code rng} is derived from the seed and the request bytes, so all
 * token counts are a pure function of (seed, request); {@code idRng} is unique per call (see {@link SimIds}).
 */
record SimCall(ObjectNode body, SimulatorOptions options, SimFault fault, SplittableRandom rng,
               SplittableRandom idRng) {

    static SimCall of(ObjectNode body, String raw, SimulatorOptions options, SimFault fault,
                      SplittableRandom idRng) {
        return new SimCall(body, options, fault, new SplittableRandom(options.seed() ^ fnv64(raw)), idRng);
    }

    String model() {
        return body.path("model").asText("");
    }

    boolean stream() {
        return body.path("stream").asBoolean(false);
    }

    /** An integer field, or {@code fallback} when absent or not a number. */
    int intField(String name, int fallback) {
        return body.path(name).canConvertToInt() ? body.path(name).asInt() : fallback;
    }

    /** Draws the pacing for an answer of {@code tokens} tokens, adding the {@code slow} fault's delay. */
    SimPacing pacing(int tokens) {
        SimPacing pacing = options.latency().draw(rng, tokens);
        return fault == SimFault.SLOW ? pacing.delayedBy(SimFault.SLOW_DELAY) : pacing;
    }

    long created() {
        return Instant.now().getEpochSecond();
    }

    /** FNV-1a over the UTF-8 bytes: a stable, seed-independent request fingerprint. */
    private static long fnv64(String raw) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
