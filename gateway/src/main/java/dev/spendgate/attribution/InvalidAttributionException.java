package dev.spendgate.attribution;

/** A malformed attribution header value; the message names the header and the fix. */
public final class InvalidAttributionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String header;

    /** Creates the exception for {@code header} with a problem description (without the value itself). */
    public InvalidAttributionException(String header, String problem) {
        super("Invalid attribution header " + header + ": the value " + problem + ".", null, false, false);
        this.header = header;
    }

    /** The offending header name. */
    public String header() {
        return header;
    }
}
