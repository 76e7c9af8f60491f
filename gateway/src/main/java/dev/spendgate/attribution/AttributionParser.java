package dev.spendgate.attribution;

import dev.spendgate.config.AttributionConfig;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    /**
     * Netty hands header values over as ISO-8859-1 (one char per byte, RFC 9110 section 5.5); clients send UTF-8.
     * Re-decode the bytes as UTF-8 so "café" is stored as sent, and refuse bytes that are not UTF-8.
     */
    private static String utf8(String name, String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) > 0x7f) {
                byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
                try {
                    return StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    throw new InvalidAttributionException(name, "is not valid UTF-8 (expected: UTF-8 text)");
                }
            }
        }
        return latin1;
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
        v = utf8(name, v);
        int length = v.codePointCount(0, v.length());
        if (length > maxLength) {
            throw new InvalidAttributionException(name, "is " + length + " characters long (expected: at most "
                    + maxLength + "; send a shorter id, e.g. a hash)");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw new InvalidAttributionException(name, "contains a control character at position " + i
                        + " (expected: printable characters only)");
            }
        }
        return v;
    }
}
