package dev.spendgate.guard;

import java.math.BigDecimal;

/**
 * An amount charged to a budget: exact USD, tokens (all types, input + output) and requests.
 *
 * @param usd      exact USD
 * @param tokens   tokens
 * @param requests requests (1 per request, 0 for a pure cost correction)
 */
public record Amount(BigDecimal usd, long tokens, long requests) {

    /** Nothing. */
    public static final Amount ZERO = new Amount(BigDecimal.ZERO, 0, 0);

    /** The sum of two amounts. */
    public Amount plus(Amount other) {
        return new Amount(usd.add(other.usd), tokens + other.tokens, requests + other.requests);
    }

    /** This minus {@code other}. */
    public Amount minus(Amount other) {
        return new Amount(usd.subtract(other.usd), tokens - other.tokens, requests - other.requests);
    }
}
