package dev.spendgate.config;

import java.util.List;

/**
 * An invalid configuration. Carries every problem found, not just the first, so that one edit-and-restart cycle
 * fixes them all. Each error reads {@code path: problem (expected: ...)}, e.g.
 * {@code server.port: 'abc' (expected: an integer 0..65535)}; secret values are never part of it.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> errors;

    /**
     * An exception for the given errors.
     *
     * @param source where the configuration came from (file path or resource name), for log messages
     * @param errors one or more errors, each {@code path: problem (expected: ...)}
     */
    public ConfigException(String source, List<String> errors) {
        super(String.join("\n", errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors: empty (expected: at least one error)");
        }
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** Where the configuration came from: the file path or resource name given to {@link ConfigLoader}. */
    public String source() {
        return source;
    }

    /** All errors, in the order they were found; the message holds the same lines joined by newlines. */
    public List<String> errors() {
        return errors;
    }
}
