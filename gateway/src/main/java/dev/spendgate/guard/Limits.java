package dev.spendgate.guard;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The limits of one budget window; a null limit is not enforced.
 *
 * @param usd      USD limit or null
 * @param tokens   token limit or null
 * @param requests request limit or null
 */
public record Limits(@Nullable BigDecimal usd, @Nullable Long tokens, @Nullable Long requests) {

    /**
     * Utilisation of {@code used} against these limits: the largest ratio over the limits that are set (0 when
     * none is set). A zero limit with any use counts as fully used.
     */
    public double utilisation(Amount used) {
        double u = 0;
        if (usd != null) {
            u = Math.max(u, ratio(used.usd().doubleValue(), usd.doubleValue()));
        }
        if (tokens != null) {
            u = Math.max(u, ratio(used.tokens(), tokens));
        }
        if (requests != null) {
            u = Math.max(u, ratio(used.requests(), requests));
        }
        return u;
    }

    /** Whether {@code used} is within every limit (equal is within). */
    public boolean fits(Amount used) {
        return (usd == null || used.usd().compareTo(usd) <= 0)
                && (tokens == null || used.tokens() <= tokens)
                && (requests == null || used.requests() <= requests);
    }

    private static double ratio(double used, double limit) {
        if (limit <= 0) {
            return used > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return used / limit;
    }
}
