package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RateWindow} (a ring with running totals) against a plain model of its rules: counts by epoch second,
 * the minute being the current second and the 59 before it, sums taken afresh on every call. Random traffic,
 * undo, tokens, pauses longer than the minute and clock steps backwards must give the same probes.
 */
class RateWindowTest {

    /** The documented rules, computed the slow way. */
    static final class Model {
        final Map<Long, Long> requests = new HashMap<>();
        final Map<Long, Long> tokens = new HashMap<>();
        long last = Long.MIN_VALUE;

        long advance(long nowMillis) {
            last = Math.max(last, Math.floorDiv(nowMillis, 1000));
            return last;
        }

        long sum(Map<Long, Long> counts) {
            long total = 0;
            for (long s = last - RateWindow.SLOTS + 1; s <= last; s++) {
                total += counts.getOrDefault(s, 0L);
            }
            return total;
        }

        long untilBelow(Map<Long, Long> counts, long nowMillis, long threshold) {
            if (threshold <= 0) {
                return 0;
            }
            long left = sum(counts);
            for (long s = last - RateWindow.SLOTS + 1; s <= last; s++) {
                left -= counts.getOrDefault(s, 0L);
                if (left < threshold) {
                    return Math.max(1, Math.floorDiv((s + RateWindow.SLOTS) * 1000 - nowMillis + 999, 1000));
                }
            }
            return RateWindow.SLOTS;
        }

        RateWindow.Probe acquire(long now, long rpm, long tpm, boolean mayCount, boolean force) {
            long second = advance(now);
            long req = sum(requests);
            long tok = sum(tokens);
            boolean reqFull = req >= rpm;
            boolean tokFull = tok >= tpm;
            boolean count = mayCount && (force || !(reqFull || tokFull));
            if (count) {
                requests.merge(second, 1L, Long::sum);
                req++;
            }
            long reqReset = rpm == Long.MAX_VALUE ? 0 : untilBelow(requests, now, Math.min(req, rpm));
            long tokReset = tpm == Long.MAX_VALUE ? 0 : untilBelow(tokens, now, Math.min(tok, tpm));
            return new RateWindow.Probe(reqFull, tokFull, count, second, req, reqReset, tok, tokReset);
        }

        void undo(long second) {
            if (second > last - RateWindow.SLOTS && requests.getOrDefault(second, 0L) > 0) {
                requests.merge(second, -1L, Long::sum);
            }
        }

        void addTokens(long now, long n) {
            tokens.merge(advance(now), n, Long::sum);
        }
    }

    @Test
    void probesAreThoseOfThePlainRulesUnderRandomTraffic() {
        for (long seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            RateWindow window = new RateWindow(true);
            Model model = new Model();
            long now = 1_767_225_600_000L + random.nextInt(1000);
            long rpm = 1 + random.nextInt(40);
            long tpm = 1 + random.nextInt(4000);
            for (int i = 0; i < 5_000; i++) {
                now += step(random);
                switch (random.nextInt(6)) {
                    case 0, 1 -> {
                        long n = random.nextInt(300);
                        window.addTokens(now, n);
                        model.addTokens(now, n);
                    }
                    default -> {
                        boolean mayCount = random.nextInt(8) != 0;
                        boolean force = random.nextInt(8) == 0;
                        RateWindow.Probe p = window.acquire(now, rpm, tpm, mayCount, force);
                        assertThat(p).as("seed %d, op %d", seed, i)
                                .isEqualTo(model.acquire(now, rpm, tpm, mayCount, force));
                        if (p.counted() && random.nextInt(4) == 0) {
                            window.undo(p.second());
                            model.undo(p.second());
                        }
                    }
                }
            }
        }
    }

    /** Mostly small steps, sometimes none, a pause beyond the minute, or a step back. */
    private static long step(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> 0;
            case 1 -> 61_000 + random.nextInt(120_000);
            case 2 -> -random.nextInt(5_000);
            default -> random.nextInt(700);
        };
    }
}
