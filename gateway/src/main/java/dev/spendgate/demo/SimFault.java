package dev.spendgate.demo;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Faults a test can ask for with the request header {@code x-sim-fault}. Status faults answer in the endpoint's
 * own error format; {@link #CUT} and {@link #SLOW} shape a normal answer.
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
    static final Duration SLOW_DELAY = Duration.ofSeconds(5);

    /** Parses the header value; null or empty is {@link #NONE}; an unknown value is rejected. */
    static SimFault parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "500" -> SERVER_ERROR;
            case "429" -> RATE_LIMITED;
            case "529" -> OVERLOADED;
            case "cut" -> CUT;
            case "slow" -> SLOW;
            default -> throw new IllegalArgumentException(
                    HEADER + ": '" + value + "' (expected: 500, 429, 529, cut or slow)");
        };
    }
}
