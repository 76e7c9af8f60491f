package dev.spendgate.config;

import java.util.List;
import java.util.Locale;

/** Header-name and header-value checks from RFC 9110. */
final class HttpTokens {

    /** RFC 9110 section 5.6.2: {@code tchar} besides ALPHA and DIGIT. */
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    /** Shown in errors. */
    static final String NAME_EXPECTED = "an HTTP header name (RFC 9110 token: letters, digits and "
            + TCHAR_SYMBOLS + ")";

    /**
     * Framing and hop-by-hop headers (RFC 9112 section 6, RFC 9110 sections 7.2, 7.6.1 and 10.1.1): the HTTP layer
     * or the gateway sets, strips or interprets them, so configuration may not claim them. Every {@code Proxy-*}
     * name is hop-by-hop too (see {@link #isFraming}).
     */
    static final List<String> FRAMING_HEADERS = List.of("host", "content-length", "content-type",
            "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-*");

    /** Headers that carry a caller's or a provider's credential. */
    static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "x-api-key", "api-key", "cookie",
            "proxy-authorization");

    private HttpTokens() {
    }

    /** Whether {@code lowerName} (lower case) is one of {@link #FRAMING_HEADERS}. */
    static boolean isFraming(String lowerName) {
        return FRAMING_HEADERS.contains(lowerName) || lowerName.startsWith("proxy-");
    }

    /** Whether {@code lowerName} (lower case) is one of {@link #CREDENTIAL_HEADERS}. */
    static boolean isCredential(String lowerName) {
        return CREDENTIAL_HEADERS.contains(lowerName);
    }

    /** Whether {@code name} is a valid field name: a non-empty {@code token} (RFC 9110 section 5.1). */
    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && TCHAR_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} can be sent as a field value: no CR, LF or NUL (RFC 9110 section 5.5). */
    static boolean isValue(String value) {
        return value.indexOf('\r') < 0 && value.indexOf('\n') < 0 && value.indexOf('\0') < 0;
    }

    /** Whether a header of this name may carry a credential, so its value must not be shown. */
    static boolean isSensitive(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("auth") || n.contains("key") || n.contains("token") || n.contains("secret")
                || n.contains("cookie") || n.contains("password");
    }
}
