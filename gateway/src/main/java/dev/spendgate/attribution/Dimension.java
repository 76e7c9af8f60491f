package dev.spendgate.attribution;

import java.util.Locale;

/** An attribution dimension: who and what a request's spend belongs to. */
public enum Dimension {
    FEATURE("X-LLM-Feature"),
    TEAM("X-LLM-Team"),
    CUSTOMER("X-LLM-Customer"),
    TIER("X-LLM-Tier"),
    EXPERIMENT("X-LLM-Experiment"),
    ENVIRONMENT("X-LLM-Env"),
    SESSION("X-LLM-Session");

    private final String defaultHeader;

    Dimension(String defaultHeader) {
        this.defaultHeader = defaultHeader;
    }

    /** The request header that carries this dimension unless YAML renames it. */
    public String defaultHeader() {
        return defaultHeader;
    }

    /** The YAML / ledger / metric name of the dimension, e.g. {@code feature}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
