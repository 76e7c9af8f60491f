package dev.spendgate.upstream;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * A fixed set of header names, matched without case and without allocating (Netty's case-insensitive header
 * hashing). Built once per config snapshot or per constant list.
 */
public final class HeaderNames {

    private final HttpHeaders names = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();

    private HeaderNames() {
    }

    /** The set of {@code names} (surrounding whitespace ignored, blanks skipped). */
    public static HeaderNames of(String... names) {
        HeaderNames set = new HeaderNames();
        for (String n : names) {
            String name = n.strip();
            if (!name.isEmpty()) {
                set.names.set(name, "");
            }
        }
        return set;
    }

    /** Whether {@code name} is in the set, ignoring case. */
    public boolean contains(CharSequence name) {
        return names.contains(name);
    }

    /** Whether {@code name} starts with {@code prefix}, ignoring ASCII case, without allocating. */
    public static boolean startsWithIgnoreCase(CharSequence name, String prefix) {
        return AsciiString.regionMatches(name, true, 0, prefix, 0, prefix.length());
    }
}
