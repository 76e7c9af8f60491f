package dev.spendgate.flow;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Serving a client of one API format with a provider of the other: OpenAI Chat Completions to Anthropic
 * Messages and back ({@code dev.spendgate.translate} does the bodies).
 */
enum CrossFormat {
    /** An OpenAI chat client served by an Anthropic model. */
    CHAT_TO_MESSAGES,
    /** An Anthropic messages client served by an OpenAI model. */
    MESSAGES_TO_CHAT;

    /** Drops the client format's own headers that would confuse the provider. */
    void adaptHeaders(HttpHeaders upstream) {
        if (this == MESSAGES_TO_CHAT) {
            upstream.remove("anthropic-version");
            upstream.remove("anthropic-beta");
        } else {
            upstream.remove("openai-organization");
            upstream.remove("openai-project");
        }
    }

    /** A provider error body in the client's error format. */
    byte[] error(byte[] body, int status) {
        throw new UnsupportedOperationException("TEMP");
    }

    /** A provider response body in the client's format. */
    byte[] response(byte[] body, String clientModel) {
        throw new UnsupportedOperationException("TEMP");
    }
}
