package dev.spendgate.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.Set;

/** Sums over a group of ledger entries. Cost is summed exactly; ratios are computed on demand. */
public final class Totals {

    /** Precision of derived ratios (cost per request etc.): far beyond a cent, then rounded for display. */
    static final MathContext RATIO = MathContext.DECIMAL128;

    private long requests;
    private long inputTokens;
    private long outputTokens;
    private long errors;
    private long rerouted;
    private BigDecimal cost = BigDecimal.ZERO;
    private final Set<String> sessions = new HashSet<>();
    private final Set<String> customers = new HashSet<>();

    /** Adds one entry. */
    public void add(LedgerEntry e) {
        // Earlier attempts of a request (retry / fallback lines) add their spend, not another request, error or
        // reroute: the rates below are per request.
        if (e.request()) {
            requests++;
            errors += e.error() ? 1 : 0;
            rerouted += e.rerouted() ? 1 : 0;
        }
        inputTokens += e.inputTokens();
        outputTokens += e.outputTokens();
        cost = cost.add(e.cost());
        if (!e.session().equals("unattributed")) {
            sessions.add(e.session());
        }
        if (!e.customer().equals("unattributed")) {
            customers.add(e.customer());
        }
    }

    /** Requests. */
    public long requests() {
        return requests;
    }

    /** Prompt tokens (input, cache reads and writes). */
    public long inputTokens() {
        return inputTokens;
    }

    /** Output tokens. */
    public long outputTokens() {
        return outputTokens;
    }

    /** Requests whose outcome was not success. */
    public long errors() {
        return errors;
    }

    /** Requests a guardrail sent to another model. */
    public long rerouted() {
        return rerouted;
    }

    /** Exact cost in USD. */
    public BigDecimal cost() {
        return cost;
    }

    /** Distinct attributed sessions. */
    public int sessions() {
        return sessions.size();
    }

    /** Distinct attributed customers. */
    public int customers() {
        return customers.size();
    }

    /** Cost per request, or zero without requests. */
    public BigDecimal costPerRequest() {
        return ratio(cost, requests);
    }

    /** Cost per distinct session, or zero without sessions. */
    public BigDecimal costPerSession() {
        return ratio(cost, sessions.size());
    }

    /** Input tokens per request. */
    public BigDecimal inputPerRequest() {
        return ratio(BigDecimal.valueOf(inputTokens), requests);
    }

    /** Output tokens per request. */
    public BigDecimal outputPerRequest() {
        return ratio(BigDecimal.valueOf(outputTokens), requests);
    }

    /** {@code part / whole} as a ratio, zero when {@code whole} is zero. */
    static BigDecimal ratio(BigDecimal part, long whole) {
        return whole == 0 ? BigDecimal.ZERO : part.divide(BigDecimal.valueOf(whole), RATIO);
    }

    /** {@code part / whole} as a ratio, zero when {@code whole} is zero. */
    static BigDecimal share(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? BigDecimal.ZERO : part.divide(whole, RATIO);
    }

    /** Rounds for display. */
    static BigDecimal round(BigDecimal v, int scale) {
        return v.setScale(scale, RoundingMode.HALF_EVEN);
    }
}
