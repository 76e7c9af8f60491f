package dev.spendgate.flow;

import dev.spendgate.api.ApiError;
import dev.spendgate.stream.SseEvent;
import dev.spendgate.stream.SseEventDecoder;
import dev.spendgate.stream.StreamUsage;
import dev.spendgate.stream.StreamUsageExtractor;
import dev.spendgate.stream.UsageChunkStripper;
import dev.spendgate.translate.StreamTranslator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays an SSE stream from provider to client and meters it on the side.
 *
 * <pre>
 *  upstream chunk --+--> SseEventDecoder --> StreamUsageExtractor   (reads bytes, never moves readerIndex)
 *                   |
 *                   +--> [UsageChunkStripper, only when the gateway added include_usage] --> client (flush each)
 * </pre>
 *
 * Bytes pass unchanged and each upstream read is flushed as it arrives, so the client sees every event as soon as
 * the provider sends it (never buffered whole). If the upstream breaks after the response started, the client's
 * stream ends with an error event in the API's own SSE dialect (never a fake clean end) and the outcome is
 * {@link Outcome#UPSTREAM_CUT} or {@link Outcome#UPSTREAM_TIMEOUT}.
 *
 * <p>Ownership: the relay owns each upstream chunk it is given; passthrough hands it on, the stripper and the
 * translator return a new buffer and release the chunk. The buffer returned (possibly empty) belongs to the caller,
 * which writes it (the write releases it) or releases it. Driven by {@link UpstreamAttempt} on the event loop.
 */
final class StreamRelay {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRelay.class);

    private final RequestContext ctx;
    private final SseEventDecoder decoder = new SseEventDecoder();
    private final StreamUsageExtractor extractor;
    private final @Nullable UsageChunkStripper stripper;
    /** Set when the client speaks the other API format: events are translated, not passed through. */
    private final @Nullable StreamTranslator translator;
    private final StringBuilder translated = new StringBuilder();
    private static final byte[] BLANK_LINE = {'\n', '\n'};
    /** Whether the bytes sent to the client so far end between two events. */
    private boolean atBoundary = true;

    StreamRelay(RequestContext ctx, Route route) {
        this.ctx = ctx;
        this.extractor = StreamUsageExtractor.forEndpoint(route.upstreamEndpoint());
        this.stripper = route.stripUsageChunk() ? new UsageChunkStripper() : null;
        CrossFormat cross = route.translation();
        this.translator = cross == null ? null : cross.stream(ctx.requestedModel == null ? "" : ctx.requestedModel,
                ctx.request != null && ctx.request.includeUsage());
    }

    /** What the stream carried so far (usage, model, text); safe to call at any time. */
    StreamUsage result() {
        return extractor.result();
    }

    /**
     * Never throws: a metering or stripping failure must not break the client's stream. The bytes then pass
     * unchanged.
     */
    ByteBuf onChunk(ByteBuf chunk) {
        ctx.mark(Stage.FIRST_TOKEN);
        ReferenceCountUtil.touch(chunk, "stream: upstream chunk " + ctx.requestId);
        try {
            if (translator != null) {
                decoder.feed(chunk, this::translate);
                chunk.release();
                return drainTranslated();
            }
            decoder.feed(chunk, extractor::onEvent);
            if (stripper != null) {
                ByteBuf stripped = stripper.strip(chunk, ByteBufAllocator.DEFAULT);
                chunk.release();
                return sent(stripped);
            }
        } catch (RuntimeException e) {
            LOG.warn("{} stream metering failed; relaying the rest unchanged", ctx.requestId, e);
        }
        return sent(chunk);
    }

    /** Notes whether what the client has so far ends between two events (an error event may follow as is). */
    private ByteBuf sent(ByteBuf out) {
        int end = out.writerIndex();
        if (out.readableBytes() >= 2) {
            atBoundary = out.getByte(end - 1) == '\n' && (out.getByte(end - 2) == '\n'
                    || out.readableBytes() >= 4 && out.getByte(end - 2) == '\r' && out.getByte(end - 3) == '\n');
        } else if (out.isReadable()) {
            atBoundary = false;
        }
        return out;
    }

    /** The gateway's shutdown grace passed: the stream ends with an error event (the last client bytes). */
    ByteBuf onShutdown() {
        decoder.finish(extractor::onEvent);
        ctx.outcome = Outcome.SHUTTING_DOWN;
        ByteBuf event = Unpooled.wrappedBuffer(new ApiError(503, "server_error", "shutting_down", null,
                "overloaded_error", "The gateway is shutting down and ended this stream; the response is incomplete."
                + " Retry it. Request id " + ctx.requestId + ".").sseEvent(ctx.endpoint));
        return atBoundary ? event : Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(BLANK_LINE), event);
    }

    /** The provider ended the stream: the last client bytes (an error event when it ended early). */
    ByteBuf onEnd() {
        decoder.finish(translator != null ? this::translate : extractor::onEvent);
        if (result().errorType() == null && !result().complete()) {
            // The provider closed the stream cleanly but before its final event ([DONE], message_stop,
            // response.completed): the response is incomplete, and the client must not see a clean end (a
            // translated stream would otherwise close with [DONE] or message_stop).
            ByteBuf rest = stripper == null ? Unpooled.EMPTY_BUFFER
                    : sent(stripper.finish(ByteBufAllocator.DEFAULT));
            return Unpooled.wrappedBuffer(rest, onError(new java.io.EOFException("stream ended before its final"
                    + " event")));
        }
        if (result().errorType() != null) {
            ctx.outcome = Outcome.UPSTREAM_CUT;
        }
        if (translator != null) {
            translator.finish(translated);
            return drainTranslated();
        }
        return stripper == null ? Unpooled.EMPTY_BUFFER : stripper.finish(ByteBufAllocator.DEFAULT);
    }

    private void translate(SseEvent event) {
        extractor.onEvent(event);
        translator.onEvent(event, translated);
    }

    private ByteBuf drainTranslated() {
        if (translated.length() == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        ByteBuf out = Unpooled.wrappedBuffer(translated.toString().getBytes(StandardCharsets.UTF_8));
        translated.setLength(0);
        return out;
    }

    /** The provider's stream broke (or timed out): the last client bytes, an error event. */
    ByteBuf onError(Throwable e) {
        decoder.finish(extractor::onEvent);
        GatewayException mapped = ErrorMapper.map(e, ctx);
        ctx.outcome = mapped.outcome() == Outcome.UPSTREAM_TIMEOUT ? Outcome.UPSTREAM_TIMEOUT : Outcome.UPSTREAM_CUT;
        ApiError cut = new ApiError(502, "server_error", "upstream_stream_broken", null, "api_error",
                "The provider's stream broke after the response had started (" + ctx.outcome.label()
                        + "); the response is incomplete. Request id " + ctx.requestId + ".");
        byte[] event = cut.sseEvent(ctx.endpoint);
        // After a partly sent event, a blank line first ends it, so the error is an event of its own.
        return atBoundary ? Unpooled.wrappedBuffer(event) : Unpooled.wrappedBuffer(BLANK_LINE, event);
    }
}
