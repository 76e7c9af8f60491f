package dev.spendgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Incremental Server-Sent Events decoder for a response body that arrives in arbitrary chunks.
 *
 * <p>Follows the WHATWG HTML "Interpreting an event stream" algorithm: lines end with CRLF, LF or CR (a CRLF
 * split across two chunks counts once); one leading UTF-8 BOM is ignored; a line starting with {@code :} is a
 * comment (keep-alive {@code : ping}); {@code data:} lines are joined with {@code \n}; one space after the colon
 * is dropped; {@code id:} and {@code retry:} are read and ignored; a blank line dispatches the event if it had
 * data. Bytes are decoded as UTF-8 only per complete event, so a multi-byte character split across chunks is
 * never broken.
 *
 * <p>{@link #feed} only reads the chunk: the reader index, the reference count and the bytes stay as they were,
 * so the caller forwards the same buffer to the client. Memory is bounded: a line or an event longer than
 * {@code maxLineBytes} is skipped to its end (that event is not dispatched) and decoding goes on after it.
 *
 * <p>Events go to an {@link SseEventHandler} as bytes in the decoder's own buffer, with no allocation per event
 * (a repeated {@code event:} name is the same {@code String}), or, through the {@code Consumer} overloads, as new
 * {@link SseEvent} values.
 *
 * <p>One instance per response; not thread-safe.
 */
public final class SseEventDecoder {

    /** Default bound of one line and of one event's data: 8 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

    private final int maxLineBytes;
    private final SseEventBuffer event = new SseEventBuffer();
    private byte[] line = new byte[1024];
    private int lineLength;
    /** The current line went over the bound: skip its bytes until its terminator. */
    private boolean lineOversized;
    /** The previous byte was a CR, so an LF right after it (perhaps in the next chunk) ends nothing. */
    private boolean afterCr;
    private boolean firstLine = true;
    private long droppedEvents;
    /** The last {@code event:} name decoded, and its bytes: providers repeat a few names over and over. */
    private @Nullable String lastType;
    private byte[] lastTypeBytes = new byte[32];
    private int lastTypeLength;

    /** A decoder with the default 8 MiB line bound. */
    public SseEventDecoder() {
        this(DEFAULT_MAX_LINE_BYTES);
    }

    /** A decoder that skips any line, and any event's data, longer than {@code maxLineBytes}. */
    public SseEventDecoder(int maxLineBytes) {
        if (maxLineBytes < 16) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: >= 16)");
        }
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Decodes the readable bytes of {@code chunk} and passes each completed event to {@code sink} as a new
     * {@link SseEvent}. Does not move the reader index and does not retain or release the chunk.
     */
    public void feed(ByteBuf chunk, Consumer<SseEvent> sink) {
        feed(chunk, values(sink));
    }

    /**
     * Decodes the readable bytes of {@code chunk} and passes each completed event's bytes to {@code sink}. Does
     * not move the reader index and does not retain or release the chunk.
     */
    public void feed(ByteBuf chunk, SseEventHandler sink) {
        int index = chunk.readerIndex();
        int end = chunk.writerIndex();
        if (afterCr && index < end) {
            afterCr = false;
            if (chunk.getByte(index) == LF) {
                index++;
            }
        }
        while (index < end) {
            int eol = chunk.forEachByte(index, end - index, ByteProcessor.FIND_CRLF);
            if (eol < 0) {
                append(chunk, index, end - index);
                return;
            }
            append(chunk, index, eol - index);
            endLine(sink);
            index = eol + 1;
            if (chunk.getByte(eol) == CR) {
                if (index == end) {
                    afterCr = true;
                } else if (chunk.getByte(index) == LF) {
                    index++;
                }
            }
        }
    }

    /**
     * Ends the stream: a last line without terminator is processed and an event that had data but no blank line
     * after it is dispatched (a cut stream may still carry usage). Call once, after the last chunk.
     */
    public void finish(Consumer<SseEvent> sink) {
        finish(values(sink));
    }

    /** {@link #finish(Consumer)} for an {@link SseEventHandler}. */
    public void finish(SseEventHandler sink) {
        if (lineLength > 0 || lineOversized) {
            endLine(sink);
        }
        dispatch(sink);
        afterCr = false;
    }

    /** Events skipped so far because a line or their data went over the bound. */
    public long droppedEvents() {
        return droppedEvents;
    }

    private static SseEventHandler values(Consumer<SseEvent> sink) {
        return (type, data, offset, length) ->
                sink.accept(new SseEvent(type, new String(data, offset, length, StandardCharsets.UTF_8)));
    }

    private void append(ByteBuf chunk, int index, int length) {
        if (length == 0 || lineOversized) {
            return;
        }
        if (lineLength + length > maxLineBytes) {
            lineOversized = true;
            lineLength = 0;
            return;
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + length)));
        }
        chunk.getBytes(index, line, lineLength, length);
        lineLength += length;
    }

    private void endLine(SseEventHandler sink) {
        int start = 0;
        if (firstLine) {
            firstLine = false;
            if (startsWith(line, lineLength, 0, BOM)) {
                start = BOM.length;
            }
        }
        if (lineOversized) {
            lineOversized = false;
            event.oversized = true;
        } else {
            processLine(start, sink);
        }
        lineLength = 0;
    }

    private void processLine(int start, SseEventHandler sink) {
        if (start == lineLength) {
            dispatch(sink);
            return;
        }
        if (line[start] == ':') {
            return;
        }
        int colon = start;
        while (colon < lineLength && line[colon] != ':') {
            colon++;
        }
        int valueStart = colon + 1;
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++;
        }
        valueStart = Math.min(valueStart, lineLength);
        int fieldLength = colon - start;
        if (fieldLength == DATA.length && startsWith(line, colon, start, DATA)) {
            event.appendData(line, valueStart, lineLength - valueStart, maxLineBytes);
        } else if (fieldLength == EVENT.length && startsWith(line, colon, start, EVENT)) {
            event.type = valueStart == lineLength ? null : type(valueStart);
        }
        // "id" and "retry" are valid fields the gateway has no use for; other fields are ignored per the spec.
    }

    private void dispatch(SseEventHandler sink) {
        if (event.oversized) {
            droppedEvents++;
        } else if (event.dataLines > 0) {
            sink.onRawEvent(event.type, event.data, 0, event.dataLength);
        }
        event.reset();
    }

    /** The event name in {@code line[from, lineLength)}: the previous name's String when the bytes repeat. */
    private String type(int from) {
        int length = lineLength - from;
        if (lastType == null || length != lastTypeLength
                || !Arrays.equals(line, from, lineLength, lastTypeBytes, 0, length)) {
            if (length > lastTypeBytes.length) {
                lastTypeBytes = new byte[Math.max(length, 2 * lastTypeBytes.length)];
            }
            System.arraycopy(line, from, lastTypeBytes, 0, length);
            lastTypeLength = length;
            lastType = new String(line, from, length, StandardCharsets.UTF_8);
        }
        return lastType;
    }

    private static boolean startsWith(byte[] bytes, int limit, int from, byte[] prefix) {
        if (limit - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
