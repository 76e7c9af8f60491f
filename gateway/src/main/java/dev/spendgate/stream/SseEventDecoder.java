package dev.spendgate.stream;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    /** At most this many bytes of a chunk are copied and decoded at a time. */
    private static final int WINDOW = 16 * 1024;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

    private final int maxLineBytes;
    private final SseEventBuffer event = new SseEventBuffer();
    /**
     * {@code [0, pending)}: the start of a line whose terminator has not arrived; then the bytes being decoded,
     * copied from the chunk a window at a time.
     */
    private byte[] buf = new byte[1024];
    private int pending;
    /** The current line went over the bound: its bytes are dropped until its terminator. */
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
        while (index < end) {
            int length = Math.min(end - index, WINDOW);
            if (pending + length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(pending + length, buf.length * 2));
            }
            chunk.getBytes(index, buf, pending, length);
            index += length;
            decode(pending, pending + length, sink);
        }
    }

    /** Processes the lines that end in {@code buf[from, limit)} and keeps the rest as the pending line. */
    private void decode(int from, int limit, SseEventHandler sink) {
        int lineStart = 0;
        int i = from;
        if (afterCr) {
            afterCr = false;
            if (buf[i] == LF) {
                lineStart = ++i;
            }
        }
        for (int eol = findEol(buf, i, limit); eol >= 0; eol = findEol(buf, i, limit)) {
            endLine(lineStart, eol, sink);
            i = eol + 1;
            if (buf[eol] == CR) {
                if (i == limit) {
                    afterCr = true;
                } else if (buf[i] == LF) {
                    i++;
                }
            }
            lineStart = i;
        }
        int rest = limit - lineStart;
        if (lineOversized || rest > maxLineBytes) {
            lineOversized = true;
            pending = 0;
        } else {
            System.arraycopy(buf, lineStart, buf, 0, rest);
            pending = rest;
        }
    }

    /**
     * The index of the first CR or LF in {@code b[i, limit)}, or -1. Eight bytes at a time: the lowest byte below
     * 0x0E that {@code (v - 0x0E..) & ~v & 0x80..} flags is a real one (a borrow only flags higher bytes).
     */
    private static int findEol(byte[] b, int i, int limit) {
        while (i + Long.BYTES <= limit) {
            long v = (long) LONG.get(b, i);
            long low = (v - 0x0E0E0E0E0E0E0E0EL) & ~v & 0x8080808080808080L;
            if (low == 0) {
                i += Long.BYTES;
                continue;
            }
            i += Long.numberOfTrailingZeros(low) >>> 3;
            if (b[i] == LF || b[i] == CR) {
                return i;
            }
            i++;
        }
        for (; i < limit; i++) {
            if (b[i] == LF || b[i] == CR) {
                return i;
            }
        }
        return -1;
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
        if (pending > 0 || lineOversized) {
            endLine(0, pending, sink);
        }
        pending = 0;
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

    /** One line, {@code buf[start, end)} without its terminator. */
    private void endLine(int start, int end, SseEventHandler sink) {
        boolean oversized = lineOversized || end - start > maxLineBytes;
        lineOversized = false;
        if (firstLine) {
            firstLine = false;
            if (!oversized && startsWith(buf, end, start, BOM)) {
                start += BOM.length;
            }
        }
        if (oversized) {
            event.oversized = true;
        } else {
            processLine(start, end, sink);
        }
    }

    private void processLine(int start, int end, SseEventHandler sink) {
        if (start == end) {
            dispatch(sink);
            return;
        }
        if (buf[start] == ':') {
            return;
        }
        int colon = start;
        while (colon < end && buf[colon] != ':') {
            colon++;
        }
        int valueStart = colon + 1;
        if (valueStart < end && buf[valueStart] == ' ') {
            valueStart++;
        }
        valueStart = Math.min(valueStart, end);
        int fieldLength = colon - start;
        if (fieldLength == DATA.length && startsWith(buf, colon, start, DATA)) {
            event.appendData(buf, valueStart, end - valueStart, maxLineBytes);
        } else if (fieldLength == EVENT.length && startsWith(buf, colon, start, EVENT)) {
            event.type = valueStart == end ? null : type(valueStart, end);
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

    /** The event name in {@code buf[from, end)}: the previous name's String when the bytes repeat. */
    private String type(int from, int end) {
        int length = end - from;
        if (lastType == null || length != lastTypeLength
                || !Arrays.equals(buf, from, end, lastTypeBytes, 0, length)) {
            if (length > lastTypeBytes.length) {
                lastTypeBytes = new byte[Math.max(length, 2 * lastTypeBytes.length)];
            }
            System.arraycopy(buf, from, lastTypeBytes, 0, length);
            lastTypeLength = length;
            lastType = new String(buf, from, length, StandardCharsets.UTF_8);
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
