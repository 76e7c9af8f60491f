package dev.spendgate.flow;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids: a random per-process prefix plus a counter, e.g. {@code gw-3f9a1c02b7de-1a4}. Unique across
 * replicas and restarts with overwhelming probability, and cheap (no UUID generation per request).
 */
final class RequestIds {

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    RequestIds() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        StringBuilder p = new StringBuilder("gw-");
        for (byte x : b) {
            p.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        this.prefix = p.append('-').toString();
    }

    String next() {
        return prefix + Long.toHexString(counter.incrementAndGet());
    }
}
