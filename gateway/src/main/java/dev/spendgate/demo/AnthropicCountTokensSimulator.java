package dev.spendgate.demo;

import dev.spendgate.api.ApiFormat;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/messages/count_tokens}: {@code {"input_tokens": N}} where N is the whole prompt, cacheable
 * prefix included (nothing is cached or billed by counting), the same N a message call would split up.
 */
final class AnthropicCountTokensSimulator implements SimEndpoint {

    @Override
    public SimReply reply(SimCall call) {
        @Nullable String invalid = AnthropicMessagesSimulator.missingField(call.body(), false);
        if (invalid != null) {
            return SimErrors.badRequest(ApiFormat.ANTHROPIC, call.idRng(), invalid + ": Field required", null);
        }
        int tokens = AnthropicPrompt.of(call.body()).total();
        String body = SimJson.compact(SimJson.object().put("input_tokens", tokens));
        return new SimReply.Body(200, SimHeaders.anthropic(call.idRng(), SimHeaders.JSON), body,
                SimPacing.IMMEDIATE, 0);
    }
}
