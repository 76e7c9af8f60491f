package dev.spendgate.flow;

import dev.spendgate.upstream.ProviderClient;

/**
 * Where and what to send upstream for one request.
 *
 * @param client          the provider's client
 * @param body            the upstream body (the client's bytes, or the rewritten ones)
 * @param stripUsageChunk whether the gateway added {@code include_usage} and must hide the usage chunk
 */
record Route(ProviderClient client, byte[] body, boolean stripUsageChunk) {
}
