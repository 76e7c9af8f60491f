package dev.spendgate.stream;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The event {@link SseEventDecoder} is assembling: its type and its data lines joined by LF, as raw UTF-8 bytes
 * decoded once at dispatch. The data buffer is reused from event to event and never grows past the bound.
 */
final class SseEventBuffer {

    @Nullable String type;
    byte[] data = new byte[1024];
    int dataLength;
    int dataLines;
    /** A line of this event, or its data, went over the bound: the event is dropped at dispatch. */
    boolean oversized;

    /** Appends one data line, preceded by LF unless it is the first; marks the event oversized past {@code max}. */
    void appendData(byte[] src, int from, int length, int max) {
        int needed = dataLength + length + (dataLines > 0 ? 1 : 0);
        if (oversized || needed > max) {
            oversized = true;
            return;
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.min(max, Math.max(data.length * 2, needed)));
        }
        if (dataLines > 0) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(src, from, data, dataLength, length);
        dataLength += length;
        dataLines++;
    }

    void reset() {
        type = null;
        dataLength = 0;
        dataLines = 0;
        oversized = false;
    }
}
