package dev.spendgate.translate;

/**
 * A request that has no faithful translation into the upstream's format. The gateway answers 400 with
 * {@link #param()} and the message, which names the problem and the fix, rather than send a changed request.
 */
public final class UntranslatableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String param;

    /** Creates the exception; {@code param} is the JSON path of the offending field, e.g. {@code messages[2].name}. */
    public UntranslatableException(String param, String message) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The JSON path of the offending field, e.g. {@code messages[2].content[0].type} or {@code n}. */
    public String param() {
        return param;
    }
}
