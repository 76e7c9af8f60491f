package dev.spendgate.stream;

import dev.spendgate.metering.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * Usage read from a non-streamed JSON response body.
 *
 * @param usage       normalised token counts, or null when the body had no usage object or was not JSON
 * @param servedModel the top-level {@code model} of the body, or null when absent
 */
public record ParsedUsage(@Nullable TokenUsage usage, @Nullable String servedModel) {

    /** Nothing found. */
    public static final ParsedUsage NONE = new ParsedUsage(null, null);
}
