package dev.spendgate.stream;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The two ways every extractor reads an event. First {@link #scan}: the event's bytes are validated and the few
 * values needed are read in place ({@link JsonScan}, {@link JsonText}), with no tree and, for a typical chunk,
 * no allocation. When the scan declines (malformed or cut JSON, or valid JSON beyond what it handles, such as a
 * fractional token count), {@link #tree} reads the decoded text with Jackson, the reference behaviour. A scan
 * that declines has changed nothing, so every event is applied exactly once and the result is the tree path's.
 */
abstract sealed class ScanningExtractor implements StreamUsageExtractor
        permits ChatUsageExtractor, AnthropicUsageExtractor, ResponsesUsageExtractor {

    @Override
    public final void onRawEvent(@Nullable String event, byte[] data, int offset, int length) {
        if (!scan(event, data, offset, offset + length)) {
            tree(event, new String(data, offset, length, StandardCharsets.UTF_8));
        }
    }

    @Override
    public final void onEvent(SseEvent e) {
        String data = e.data();
        if (hasLoneSurrogate(data)) {
            // Encoding would turn it into '?': only the tree sees this text as it is.
            tree(e.event(), data);
            return;
        }
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        if (!scan(e.event(), bytes, 0, bytes.length)) {
            tree(e.event(), data);
        }
    }

    /**
     * Applies the event in {@code data[from, to)} and returns true, or returns false having changed nothing.
     *
     * @param event the SSE event type, or null
     */
    abstract boolean scan(@Nullable String event, byte[] data, int from, int to);

    /** Applies the event read from its text with Jackson; an event that is not the expected JSON is skipped. */
    abstract void tree(@Nullable String event, String data);

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
