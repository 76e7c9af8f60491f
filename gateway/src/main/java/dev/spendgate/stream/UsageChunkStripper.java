package dev.spendgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * Hides the usage the gateway asked for from a client that did not ask for it. When the gateway adds
 * {@code stream_options.include_usage=true} to an OpenAI chat request for metering, the upstream sends
 * {@code "usage":null} on every chunk plus one usage chunk with {@code "choices":[]} before {@code [DONE]} (OAS
 * {@code ChatCompletionStreamOptions}); this class turns that back into the stream the client requested.
 *
 * <p>Per complete event (ended by a blank line, any of CRLF / LF / CR):
 * <ul>
 *   <li>an event whose single data line is a JSON object with a non-null {@code usage} object and
 *       {@code "choices":[]} is dropped with its framing;</li>
 *   <li>otherwise the top-level {@code ,"usage":null} (or {@code "usage":null,}) byte sequence is cut from the
 *       data line; it cannot occur inside a JSON string, where quotes are escaped;</li>
 *   <li>everything else (framing, comments, {@code [DONE]}, usage on a chunk with non-empty choices, events with
 *       several data lines) passes byte for byte.</li>
 * </ul>
 * Events are re-framed exactly as received. An event longer than the bound is passed through unchanged, so
 * memory stays bounded and the stream never stalls. One instance per response; not thread-safe.
 */
public final class UsageChunkStripper {

    /** Default bound of one buffered event: 8 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final int maxEventBytes;
    /** Bytes of the current, incomplete event; it always starts at index 0 between calls. */
    private byte[] pending = new byte[4096];
    private int length;
    private boolean atLineStart = true;
    private boolean afterCr;
    /** The current event went over the bound and has been forwarded raw so far. */
    private boolean passthrough;
    /** The last completed event was dropped, so the LF of its CRLF blank line goes too. */
    private boolean lastEventDropped;

    /** A stripper with the default 8 MiB event bound. */
    public UsageChunkStripper() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    /** A stripper that forwards unchanged any event longer than {@code maxEventBytes}. */
    public UsageChunkStripper(int maxEventBytes) {
        if (maxEventBytes < 16) {
            throw new IllegalArgumentException("maxEventBytes: " + maxEventBytes + " (expected: >= 16)");
        }
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Takes the readable bytes of {@code chunk} (without moving its reader index or releasing it) and returns a
     * new buffer, owned by the caller, with every event completed so far; possibly empty.
     */
    public ByteBuf strip(ByteBuf chunk, ByteBufAllocator alloc) {
        int readable = chunk.readableBytes();
        ensureCapacity(length + readable);
        chunk.getBytes(chunk.readerIndex(), pending, length, readable);
        int scanFrom = length;
        length += readable;
        ByteBuf out = alloc.buffer(length);
        try {
            int eventStart = scan(scanFrom, out);
            if (passthrough || length - eventStart > maxEventBytes) {
                out.writeBytes(pending, eventStart, length - eventStart);
                passthrough = true;
                eventStart = length;
            }
            System.arraycopy(pending, eventStart, pending, 0, length - eventStart);
            length -= eventStart;
            return out;
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }

    /**
     * Ends the stream and returns, in a new buffer owned by the caller, whatever is left: a last event without
     * its blank line is treated like a complete one.
     */
    public ByteBuf finish(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(length);
        try {
            if (length > 0) {
                emitEvent(0, length, out);
            }
            length = 0;
            atLineStart = true;
            afterCr = false;
            return out;
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }

    /** Finds event ends in {@code pending[from, length)}, emits those events and returns where the next starts. */
    private int scan(int from, ByteBuf out) {
        int eventStart = 0;
        byte[] bytes = pending;
        int end = length;
        // Line state in locals so the JIT keeps it in registers; written back below.
        boolean lineStart = atLineStart;
        boolean cr = afterCr;
        for (int i = from; i < end; i++) {
            byte b = bytes[i];
            if (b != CR && b != LF) {
                lineStart = false;
                cr = false;
                continue;
            }
            if (b == LF && cr) {
                cr = false;
                if (i == eventStart) {
                    // The LF of a CRLF blank line, seen after its event was emitted: it follows that event's fate.
                    if (!lastEventDropped) {
                        out.writeByte(LF);
                    }
                    eventStart = i + 1;
                }
                continue;
            }
            cr = b == CR;
            if (lineStart) {
                emitEvent(eventStart, i + 1, out);
                eventStart = i + 1;
            }
            lineStart = true;
        }
        atLineStart = lineStart;
        afterCr = cr;
        return eventStart;
    }

    private void emitEvent(int from, int to, ByteBuf out) {
        lastEventDropped = false;
        if (passthrough) {
            passthrough = false;
            out.writeBytes(pending, from, to - from);
            return;
        }
        long data = StrippedEvent.singleDataLine(pending, from, to);
        if (data < 0) {
            out.writeBytes(pending, from, to - from);
            return;
        }
        int valueStart = (int) (data >>> 32);
        int valueEnd = (int) data;
        if (StrippedEvent.isUsageOnlyChunk(pending, valueStart, valueEnd)) {
            lastEventDropped = true;
            return;
        }
        int cut = StrippedEvent.findNullUsage(pending, valueStart, valueEnd);
        if (cut < 0) {
            out.writeBytes(pending, from, to - from);
            return;
        }
        int cutEnd = cut + StrippedEvent.NULL_USAGE_WITH_COMMA;
        out.writeBytes(pending, from, cut - from);
        out.writeBytes(pending, cutEnd, to - cutEnd);
    }

    private void ensureCapacity(int needed) {
        if (needed > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(needed, pending.length * 2));
        }
    }
}
