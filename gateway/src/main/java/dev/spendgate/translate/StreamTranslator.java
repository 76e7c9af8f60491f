package dev.spendgate.translate;

import dev.spendgate.stream.SseEvent;

/**
 * Translates one streamed response, event by event, into the client's SSE dialect. One instance per response;
 * not thread-safe. The gateway meters the upstream events itself, so nothing here is needed for metering.
 */
public interface StreamTranslator {

    /** Appends the client frames (complete, each ending in a blank line) that {@code upstreamEvent} yields. */
    void onEvent(SseEvent upstreamEvent, StringBuilder out);

    /**
     * The upstream ended normally: appends what closes the client stream if it is not closed yet (OpenAI: the
     * final chunks and {@code data: [DONE]}; Anthropic: {@code message_delta} and {@code message_stop}). Nothing
     * after an upstream error event, which already ended the client stream.
     */
    void finish(StringBuilder out);

    /** Anthropic upstream to an OpenAI client; {@code includeUsage} as the client's stream_options asked. */
    static StreamTranslator messagesToChat(String clientModel, boolean includeUsage) {
        return new AnthropicToChatStream(clientModel, includeUsage);
    }

    /** OpenAI upstream (sent with include_usage on) to an Anthropic client. */
    static StreamTranslator chatToMessages(String clientModel) {
        return new ChatToAnthropicStream(clientModel);
    }
}
