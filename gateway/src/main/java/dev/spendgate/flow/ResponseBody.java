package dev.spendgate.flow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * A provider's response body collected whole, without copying, up to a hard cap (STYLE 25): each chunk becomes a
 * component of one composite buffer. Ownership: the collector owns every chunk it was given; {@link #take} hands
 * the whole body to the caller, {@link #bytes} copies it out, {@link #release} drops it.
 */
final class ResponseBody {

    private static final int MAX_COMPONENTS = 1024;

    private final CompositeByteBuf all;
    private final long maxBytes;

    ResponseBody(ByteBufAllocator alloc, long maxBytes) {
        this.all = alloc.compositeBuffer(MAX_COMPONENTS);
        this.maxBytes = maxBytes;
    }

    /** Adds {@code chunk} (owned from now on); false, and the chunk released, when the cap would be passed. */
    boolean add(ByteBuf chunk) {
        if ((long) all.readableBytes() + chunk.readableBytes() > maxBytes) {
            chunk.release();
            return false;
        }
        all.addComponent(true, chunk);
        return true;
    }

    /** The whole body; the caller owns it. */
    ByteBuf take() {
        return all;
    }

    /** A copy of the body; the collected buffers are released. */
    byte[] bytes() {
        try {
            byte[] bytes = new byte[all.readableBytes()];
            all.getBytes(all.readerIndex(), bytes);
            return bytes;
        } finally {
            all.release();
        }
    }

    void release() {
        if (all.refCnt() > 0) {
            all.release();
        }
    }
}
