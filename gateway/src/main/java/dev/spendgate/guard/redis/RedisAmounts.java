package dev.spendgate.guard.redis;

import dev.spendgate.guard.Amount;
import dev.spendgate.guard.WindowState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Amounts as the scripts hold them: integers, USD in nano-dollars. Charges round up to the next nano-dollar and
 * limits round down, so rounding can only refuse (by at most 1e-9 USD per request), never let more through.
 * Sums stay exact below 2^53 nano-dollars (about 9 million USD per window).
 */
final class RedisAmounts {

    private static final int NANO_DIGITS = 9;

    private RedisAmounts() {
    }

    static String chargeNanos(BigDecimal usd) {
        return usd.max(BigDecimal.ZERO).movePointRight(NANO_DIGITS).setScale(0, RoundingMode.CEILING).toPlainString();
    }

    static String limitNanos(@Nullable BigDecimal usd) {
        return usd == null ? "" : usd.movePointRight(NANO_DIGITS).setScale(0, RoundingMode.FLOOR).toPlainString();
    }

    static String count(long n) {
        return Long.toString(Math.max(0, n));
    }

    static String limit(@Nullable Long n) {
        return n == null ? "" : n.toString();
    }

    static String[] of(Amount a) {
        return new String[] {chargeNanos(a.usd()), count(a.tokens()), count(a.requests())};
    }

    /** The six sums a script returns from {@code from}: spent usd, tokens, requests, then reserved. */
    static WindowState state(List<?> reply, int from) {
        return new WindowState(amount(reply, from), amount(reply, from + 3));
    }

    private static Amount amount(List<?> reply, int from) {
        return new Amount(BigDecimal.valueOf(number(reply.get(from)), NANO_DIGITS).stripTrailingZeros(),
                number(reply.get(from + 1)), number(reply.get(from + 2)));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(o.toString());
    }
}
