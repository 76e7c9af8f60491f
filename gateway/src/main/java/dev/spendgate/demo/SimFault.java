package dev.spendgate.demo;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Faults a test can ask for with the request header {@code x-sim-fault}, or draw at random per request with
 * {@code x-sim-fault-rate} (e.g. {@code 500=0.2,429=0.1}: a gateway provider's {@code headers:} can set it, so one
 * provider of the demo fails now and then). Status faults answer in the endpoint's own error format; {@link #CUT}
 * and {@link #SLOW} shape a normal answer.
 */
enum SimFault {
    NONE,
    /** 500 server_error / api_error. */
    SERVER_ERROR,
    /** 429 with {@code retry-after} and the provider's rate-limit headers. */
    RATE_LIMITED,
    /** Anthropic 529 overloaded_error; OpenAI has no 529 and answers 503 "overloaded" instead. */
    OVERLOADED,
    /** Half the answer, no terminal event, then the connection is closed. */
    CUT,
    /** The first token comes after {@link #SLOW_DELAY}. */
    SLOW;

    static final String HEADER = "x-sim-fault";
    static final String RATE_HEADER = "x-sim-fault-rate";
    static final Duration SLOW_DELAY = Duration.ofSeconds(5);

    /** Parses the header value; null or empty is {@link #NONE}; an unknown value is rejected. */
    static SimFault parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        return fromName(value.trim().toLowerCase(Locale.ROOT), HEADER, value);
    }

    /**
     * Draws a fault from a rate list {@code fault=probability,...} (faults as in {@link #parse}, probabilities
     * summing to at most 1); null or empty is {@link #NONE}; a malformed list is rejected.
     */
    static SimFault draw(@Nullable String rates, SplittableRandom rng) {
        if (rates == null || rates.isBlank()) {
            return NONE;
        }
        double point = rng.nextDouble();
        double upTo = 0;
        SimFault drawn = NONE;
        for (String entry : rates.split(",")) {
            int eq = entry.indexOf('=');
            double p;
            try {
                p = eq < 0 ? Double.NaN : Double.parseDouble(entry.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                p = Double.NaN;
            }
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(RATE_HEADER + ": '" + rates
                        + "' (expected: fault=probability,..., e.g. 500=0.2,429=0.1)");
            }
            SimFault fault = fromName(entry.substring(0, eq).trim().toLowerCase(Locale.ROOT), RATE_HEADER, rates);
            if (drawn == NONE && point < upTo + p) {
                drawn = fault;
            }
            upTo += p;
        }
        if (upTo > 1 + 1e-9) {
            throw new IllegalArgumentException(RATE_HEADER + ": '" + rates + "' (expected: probabilities summing"
                    + " to at most 1)");
        }
        return drawn;
    }

    private static SimFault fromName(String name, String header, String value) {
        return switch (name) {
            case "500" -> SERVER_ERROR;
            case "429" -> RATE_LIMITED;
            case "529" -> OVERLOADED;
            case "cut" -> CUT;
            case "slow" -> SLOW;
            default -> throw new IllegalArgumentException(
                    header + ": '" + value + "' (expected: faults 500, 429, 529, cut or slow)");
        };
    }
}
