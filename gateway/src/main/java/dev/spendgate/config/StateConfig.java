package dev.spendgate.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where budget state lives ({@code state:}): in this process (default), or in Redis shared by every replica.
 *
 * @param store         {@code memory} or {@code redis}
 * @param url           Redis URL, e.g. {@code redis://127.0.0.1:6379/0} (redis only)
 * @param keyPrefix     prefix of every Redis key; replicas sharing budgets use the same one
 * @param timeout       bound on every Redis call; past it the {@code onUnavailable} policy applies
 * @param lease         how long an unsettled reservation holds budget; null: derived from the provider timeouts
 * @param onUnavailable what budgeted requests get while Redis cannot be reached
 */
public record StateConfig(Store store, String url, String keyPrefix, Duration timeout, @Nullable Duration lease,
        OnUnavailable onUnavailable) {

    /** The store kinds. */
    public enum Store {
        /** In this process (a restart rebuilds from the ledger). */
        MEMORY,
        /** In Redis, shared by replicas. */
        REDIS
    }

    /** The policies while Redis cannot be reached. */
    public enum OnUnavailable {
        /** Serve and count locally; push the spend to Redis when it returns. */
        FAIL_OPEN,
        /** Refuse budgeted requests with 503. */
        FAIL_CLOSED
    }

    /** The default: in-process state. */
    public static StateConfig memory() {
        return new StateConfig(Store.MEMORY, "redis://127.0.0.1:6379/0", "spendgate:", Duration.ofMillis(200), null,
                OnUnavailable.FAIL_OPEN);
    }

    /** The URL without a password, for logs and error messages. */
    public String safeUrl() {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
