package dev.spendgate.guard;

import dev.spendgate.config.KeyConfig;
import org.jspecify.annotations.Nullable;

/**
 * The gateway key a request authenticated with.
 *
 * @param key    the matched key, or null when no keys are configured (anonymous access)
 * @param header the header the key came from ({@code authorization}, {@code x-api-key} or {@code api-key}), or null
 */
public record KeyResult(@Nullable KeyConfig key, @Nullable String header) {

    private static final KeyResult ANONYMOUS = new KeyResult(null, null);

    /** The result when gateway keys are disabled. */
    public static KeyResult anonymous() {
        return ANONYMOUS;
    }

    /** The key's name (for {@code match.key}, the ledger and metrics), or null when anonymous. */
    public @Nullable String name() {
        return key == null ? null : key.name();
    }
}
