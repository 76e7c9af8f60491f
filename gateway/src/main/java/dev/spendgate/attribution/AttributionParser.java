package dev.spendgate.attribution;

import dev.spendgate.config.AttributionConfig;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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
     * @param header looks up a request header value by (case-insensitive) name; null when absent
     * @throws InvalidAttributionException for a malformed value
     */
    public Attribution parse(Function<String, @Nullable String> header) {
        return new Attribution(
                value(Dimension.FEATURE, header),
                value(Dimension.TEAM, header),
                value(Dimension.CUSTOMER, header),
                value(Dimension.TIER, header),
                value(Dimension.EXPERIMENT, header),
                value(Dimension.ENVIRONMENT, header),
                value(Dimension.SESSION, header));
    }

    private String value(Dimension dimension, Function<String, @Nullable String> header) {
        String name = headers.get(dimension);
        String raw = header.apply(name);
        if (raw == null) {
            return Attribution.UNATTRIBUTED;
        }
        String v = raw.strip();
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
