package dev.spendgate.config;

import java.util.Locale;

/** Which attribution value keeps an experiment's assignment stable; {@code none} assigns per request. */
public enum StickyBy {
    CUSTOMER,
    SESSION,
    NONE;

    /** The YAML name, e.g. {@code customer}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
