package dev.spendgate.flow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * Collects a body into one buffer with a hard cap (STYLE 25), without copying: each received chunk is retained as
 * a component of a composite buffer.
 *
 * <p>Ownership: received chunks belong to Reactor Netty, which releases each after {@code onNext}; the collector
 * retains the ones it keeps and never releases a chunk itself (no discard hook either: Reactor discards the chunk
 * that triggered an error, and a hook releasing it would release it twice). The composite is released here on
 * error or cancel, or handed to the subscriber, which then owns it.
 */
final class BodyCollector {

    private static final int MAX_COMPONENTS = 1024;

    private BodyCollector() {
    }

    static Mono<ByteBuf> collect(Flux<ByteBuf> body, long maxBytes, Supplier<RuntimeException> tooLarge) {
        return Mono.defer(() -> {
            CompositeByteBuf all = ByteBufAllocator.DEFAULT.compositeBuffer(MAX_COMPONENTS);
            AtomicBoolean handedOver = new AtomicBoolean();
            return body.handle((ByteBuf chunk, SynchronousSink<Void> sink) -> {
                        if ((long) all.readableBytes() + chunk.readableBytes() > maxBytes) {
                            sink.error(tooLarge.get());
                        } else {
                            all.addComponent(true, chunk.retain());
                        }
                    })
                    .then(Mono.fromSupplier(() -> {
                        handedOver.set(true);
                        return (ByteBuf) all;
                    }))
                    .doFinally(signal -> {
                        if (!handedOver.get()) {
                            all.release();
                        }
                    });
        });
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
