package dev.spendgate.guard;

import java.time.Instant;
import java.util.List;

/**
 * One budget member's current window, as the store keys it. A calendar window is one bucket (e.g.
 * {@code d2026-12-03}); a rolling window is the sub-buckets that cover it (e.g. the last 60 minutes), summed, with
 * the newest (last) one taking new spend.
 *
 * @param budget    budget id (name plus a fingerprint of its definition, so a changed budget starts fresh)
 * @param member    the value of the budget's {@code per} dimension, or {@code ""} for an unsplit budget
 * @param buckets   bucket ids summed for this window, oldest first; the last takes new reservations and spend
 * @param start     when the window started (rolling: now minus the length)
 * @param resetsAt  when the window resets (calendar) or the oldest bucket leaves it (rolling)
 * @param expiresAt after this, the current bucket's state may be forgotten (bounded memory)
 */
public record WindowRef(String budget, String member, List<String> buckets, Instant start, Instant resetsAt,
        Instant expiresAt) {

    /** The bucket new spend goes to. */
    public String current() {
        return buckets.get(buckets.size() - 1);
    }
}
