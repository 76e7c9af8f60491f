package dev.spendgate.stream;

import org.jspecify.annotations.Nullable;

/**
 * One dispatched Server-Sent Event.
 *
 * @param event the last {@code event:} field of the event, or null when absent or empty (the spec's "message")
 * @param data  the event's {@code data:} lines joined by {@code \n} (no trailing newline)
 */
public record SseEvent(@Nullable String event, String data) {
}
