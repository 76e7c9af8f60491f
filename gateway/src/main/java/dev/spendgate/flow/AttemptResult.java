package dev.spendgate.flow;

import dev.spendgate.route.FailureKind;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one upstream attempt ended: either the client response was committed (headers sent, or about to be), or
 * the attempt failed before anything reached the client, so the loop may retry or fall back.
 */
sealed interface AttemptResult {

    /** The attempt answered the client (success, or a failure that is passed on as it is). */
    AttemptResult COMMITTED = new Committed();

    /** The client response belongs to this attempt. */
    record Committed() implements AttemptResult {
    }

    /**
     * A failure before the first byte went to the client.
     *
     * @param kind       the failure's class (what retries and fallbacks match)
     * @param status     the provider's status, 0 when there was no response (connect error, timeout)
     * @param retryAfter the provider's Retry-After, or null
     * @param reply      the provider's error response, to pass on if nothing else is tried; null without one
     * @param error      the gateway's error to answer with when there is no reply
     */
    record Failed(FailureKind kind, int status, @Nullable Duration retryAfter, @Nullable ErrorReply reply,
            @Nullable GatewayException error) implements AttemptResult {

        /** Ledger and metric label of the failure, e.g. {@code server_error}. */
        String reason() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A provider error response held back while the loop decides.
     *
     * @param status  HTTP status
     * @param headers the provider's response headers
     * @param body    the whole error body
     */
    record ErrorReply(int status, HttpHeaders headers, byte[] body) {
    }
}
