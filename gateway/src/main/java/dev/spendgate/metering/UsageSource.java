package dev.spendgate.metering;

import java.util.Locale;

/** Where a request's token counts came from. */
public enum UsageSource {
    /** The provider reported usage on the wire. */
    PROVIDER,
    /** No usage arrived (cut stream, client disconnect, odd upstream): counted with the tokenizer. */
    ESTIMATED,
    /** Nothing to meter: unmetered endpoint, rejected request or an upstream error without usage. */
    NONE;

    /** Ledger and metric label value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
