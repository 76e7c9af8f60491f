package dev.spendgate.flow;

import dev.spendgate.api.Endpoint;
import dev.spendgate.upstream.ProviderClient;
import org.jspecify.annotations.Nullable;

/**
 * Where and what to send upstream for one attempt.
 *
 * @param client           the provider's client
 * @param body             the upstream body (the client's bytes, or the rewritten or translated ones)
 * @param stripUsageChunk  whether the gateway added {@code include_usage} and must hide the usage chunk
 * @param upstreamEndpoint the endpoint the provider is called on (the client's, unless translated)
 * @param translation      how to translate between the client's and the provider's API format, or null
 */
record Route(ProviderClient client, byte[] body, boolean stripUsageChunk, Endpoint upstreamEndpoint,
        @Nullable CrossFormat translation) {

    /** A route in the client's own format. */
    Route(ProviderClient client, byte[] body, boolean stripUsageChunk, Endpoint endpoint) {
        this(client, body, stripUsageChunk, endpoint, null);
    }

    /** The upstream path when it differs from the client's (a translated request), else null. */
    @Nullable String upstreamPath() {
        return translation == null ? null : upstreamEndpoint.path();
    }
}
