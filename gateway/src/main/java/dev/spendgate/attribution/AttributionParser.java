package dev.spendgate.attribution;

import dev.spendgate.config.AttributionConfig;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the attribution headers of a request. Missing or blank values become {@link Attribution#UNATTRIBUTED};
 * a value that is too long or holds control characters is refused with {@link InvalidAttributionException}
 * naming the header, because silently truncating a customer id would put spend on the wrong customer.
 */
public final class AttributionParser {

    private final Map<Dimension, String> headers;
    private final int maxLength;

    /** Builds a parser for the configured header names and length limit. */
    public AttributionParser(AttributionConfig config) {
        this.headers = new EnumMap<>(config.headers());
        this.maxLength = config.maxLength();
    }

    /** The header name carrying a dimension. */
    public String headerName(Dimension dimension) {
        return headers.get(dimension);
    }

    /**
     * Parses all dimensions.
     *
     * @param header all values of a request header by (case-insensitive) name; empty when absent
     * @throws InvalidAttributionException for a malformed value, or a header sent twice with different values
     */
    public Attribution parse(Function<String, List<String>> header) {
        return new Attribution(
                value(Dimension.FEATURE, header),
                value(Dimension.TEAM, header),
                value(Dimension.CUSTOMER, header),
                value(Dimension.TIER, header),
                value(Dimension.EXPERIMENT, header),
                value(Dimension.ENVIRONMENT, header),
                value(Dimension.SESSION, header));
    }

    private String value(Dimension dimension, Function<String, List<String>> header) {
        String name = headers.get(dimension);
        List<String> values = header.apply(name);
        if (values.isEmpty()) {
            return Attribution.UNATTRIBUTED;
        }
        String v = values.get(0).strip();
        for (String other : values) {
            if (!other.strip().equals(v)) {
                throw new InvalidAttributionException(name, "was sent " + values.size()
                        + " times with different values (expected: one value per request)");
            }
        }
        if (v.isEmpty()) {
            return Attribution.UNATTRIBUTED;
        }
        if (v.length() > maxLength) {
            throw new InvalidAttributionException(name, "is " + v.length() + " characters long (expected: at most "
                    + maxLength + "; send a shorter id, e.g. a hash)");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidAttributionException(name, "contains a control character at position " + i
                        + " (expected: printable characters only)");
            }
        }
        return v;
    }
}
