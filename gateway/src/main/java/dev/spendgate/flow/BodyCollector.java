package dev.spendgate.flow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Collects a body into one buffer with a hard cap (STYLE 25), without copying: each received chunk is retained as
 * a component of a composite buffer.
 *
 * <p>Ownership: the received chunks belong to Reactor Netty, which releases them after {@code onNext}; the
 * collector retains each one it keeps. The returned buffer belongs to the subscriber. On error or cancel the
 * partial composite is released through the discard hook.
 */
final class BodyCollector {

    private BodyCollector() {
    }

    static Mono<ByteBuf> collect(Flux<ByteBuf> body, long maxBytes, Supplier<RuntimeException> tooLarge) {
        return body.collect(ByteBufAllocator.DEFAULT::compositeBuffer, (CompositeByteBuf all, ByteBuf chunk) -> {
                    if ((long) all.readableBytes() + chunk.readableBytes() > maxBytes) {
                        throw tooLarge.get();
                    }
                    all.addComponent(true, chunk.retain());
                })
                .map(ByteBuf.class::cast)
                .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
    }

    /** Collects and copies into a byte array (request bodies are parsed and may be rewritten). */
    static Mono<byte[]> collectBytes(Flux<ByteBuf> body, long maxBytes, Supplier<RuntimeException> tooLarge) {
        return collect(body, maxBytes, tooLarge).map(buf -> {
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), bytes);
                return bytes;
            } finally {
                buf.release();
            }
        });
    }
}
