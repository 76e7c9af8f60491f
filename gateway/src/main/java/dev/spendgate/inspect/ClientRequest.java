package dev.spendgate.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway reads from a client request body: the fields that decide routing, streaming and metering.
 *
 * @param json          the parsed body (kept for rewriting and for token estimation when usage never arrives)
 * @param raw           the body bytes exactly as received (forwarded unchanged when no rewrite is needed)
 * @param model         the {@code model} field, or null when absent
 * @param stream        whether {@code stream: true}
 * @param includeUsage  whether the client asked for {@code stream_options.include_usage: true}
 * @param outputCap     the request's output cap per choice ({@code max_completion_tokens}, {@code max_tokens} or
 *                      {@code max_output_tokens}; the largest when several are set), or null when unset
 * @param choices       outputs the request asks for ({@code n} / {@code best_of}, at least 1): the worst-case
 *                      output is {@code outputCap x choices}
 */
public record ClientRequest(
        ObjectNode json,
        byte[] raw,
        @Nullable String model,
        boolean stream,
        boolean includeUsage,
        @Nullable Long outputCap,
        long choices) {
}
