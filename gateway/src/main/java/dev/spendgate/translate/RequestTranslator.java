package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Request bodies between OpenAI Chat Completions and Anthropic Messages. Refuses, with
 * {@link UntranslatableException}, anything without a faithful translation; see {@link ChatToMessagesRequest}
 * and {@link MessagesToChatRequest} for what is dropped as harmless.
 */
public final class RequestTranslator {

    private RequestTranslator() {
    }

    /**
     * An OpenAI chat request as an Anthropic Messages body for {@code upstreamModel}.
     *
     * @param defaultMaxTokens Anthropic's required {@code max_tokens} when the client set no output cap
     */
    public static byte[] chatToMessages(JsonNode openAiChatRequest, String upstreamModel, long defaultMaxTokens) {
        return Json.bytes(ChatToMessagesRequest.translate(openAiChatRequest, upstreamModel, defaultMaxTokens));
    }

    /** An Anthropic Messages request as an OpenAI chat body for {@code upstreamModel}. */
    public static byte[] messagesToChat(JsonNode anthropicRequest, String upstreamModel) {
        return Json.bytes(MessagesToChatRequest.translate(anthropicRequest, upstreamModel));
    }
}
