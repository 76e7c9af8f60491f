package dev.spendgate.stream;

import dev.spendgate.api.Endpoint;

/**
 * Reads usage, the served model and generated text from the decoded events of one streamed response.
 * Implementations never throw on odd input: an event that is not the JSON they expect is skipped.
 *
 * <pre>
 *   upstream chunk --&gt; SseEventDecoder.feed(chunk, extractor) --&gt; onRawEvent(..) ... --&gt; result()
 *          \--------------- forwarded to the client unchanged -------------------------/
 * </pre>
 *
 * <p>An extractor is an {@link SseEventHandler}: fed the decoder's bytes directly, it reads each event in place
 * (see {@code ScanningExtractor}), with no {@link SseEvent} or {@code String} per event. {@link #onEvent} takes
 * an already decoded event and gives the same result.
 *
 * <p>One instance per response; not thread-safe. {@link #result()} may be called at any time (for example when
 * the client cancels) and reflects the events seen so far.
 */
public interface StreamUsageExtractor extends SseEventHandler {

    /** Consumes one decoded event; the same as {@link #onRawEvent} with its data's UTF-8 bytes. */
    void onEvent(SseEvent e);

    /** What the stream has reported so far. */
    StreamUsage result();

    /** Whether {@link #forEndpoint} has an extractor for this endpoint (the ones that stream metered output). */
    static boolean supports(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS, COMPLETIONS, RESPONSES, MESSAGES -> true;
            default -> false;
        };
    }

    /**
     * A new extractor for a stream of this endpoint.
     *
     * @throws IllegalArgumentException for endpoints that do not stream metered output (see {@link #supports})
     */
    static StreamUsageExtractor forEndpoint(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS, COMPLETIONS -> new ChatUsageExtractor();
            case RESPONSES -> new ResponsesUsageExtractor();
            case MESSAGES -> new AnthropicUsageExtractor();
            default -> throw new IllegalArgumentException("endpoint: " + endpoint
                    + " (expected: CHAT_COMPLETIONS, COMPLETIONS, RESPONSES or MESSAGES)");
        };
    }
}
