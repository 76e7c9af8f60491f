package dev.spendgate.stream;

import org.jspecify.annotations.Nullable;

/**
 * Receives the events {@link SseEventDecoder} dispatches without a copy: no {@link SseEvent} and no decoded
 * {@code String} per event. The bytes are the decoder's own buffer, valid only during the call; a handler that
 * keeps an event copies what it needs.
 */
@FunctionalInterface
public interface SseEventHandler {

    /**
     * One dispatched event.
     *
     * @param event  the event's type, as {@link SseEvent#event()}: the last {@code event:} field, or null
     * @param data   holds the event's {@code data:} lines joined by {@code \n}, as UTF-8, at
     *               {@code [offset, offset + length)}; read-only, and only until this call returns
     * @param offset where the data starts
     * @param length the data's length in bytes
     */
    void onRawEvent(@Nullable String event, byte[] data, int offset, int length);
}
