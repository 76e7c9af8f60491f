package dev.spendgate.config;

/** How the gateway authenticates to a provider. */
public sealed interface Credentials {

    /**
     * The gateway holds the key (resolved from an environment reference). The caller's own credentials are
     * removed before forwarding.
     *
     * @param header header to send it in: {@code authorization} (as {@code Bearer key}), {@code x-api-key} or
     *               {@code api-key}
     * @param key    the secret; never logged, never shown by admin endpoints
     */
    record ApiKey(String header, String key) implements Credentials {
        @Override
        public String toString() {
            return "ApiKey[header=" + header + ", key=***]";
        }
    }

    /** The caller's own {@code Authorization} / {@code x-api-key} / {@code api-key} header is forwarded. */
    record Passthrough() implements Credentials {
    }
}
