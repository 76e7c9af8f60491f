package dev.spendgate.stream;

import dev.spendgate.api.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Test helpers: fixture bytes from src/test/resources/wire and feeding them in chunks of chosen sizes. */
final class Wire {

    private Wire() {
    }

    static byte[] bytes(String fixture) {
        try (InputStream in = Wire.class.getResourceAsStream("/wire/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("missing fixture " + fixture);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cuts {@code bytes} into consecutive pieces of the given sizes, the last size repeating. */
    static List<byte[]> split(byte[] bytes, int... sizes) {
        List<byte[]> pieces = new ArrayList<>();
        int at = 0;
        for (int i = 0; at < bytes.length; i++) {
            int size = sizes[Math.min(i, sizes.length - 1)];
            int end = Math.min(bytes.length, at + size);
            pieces.add(Arrays.copyOfRange(bytes, at, end));
            at = end;
        }
        return pieces;
    }

    /** Random piece sizes from 1 to 64, reproducible by seed. */
    static int[] randomSizes(long seed, int count) {
        Random random = new Random(seed);
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = 1 + random.nextInt(64);
        }
        return sizes;
    }

    /** Decodes the pieces one buffer each (released after feeding), then finishes. */
    static List<SseEvent> decode(List<byte[]> pieces) {
        SseEventDecoder decoder = new SseEventDecoder();
        List<SseEvent> events = new ArrayList<>();
        for (byte[] piece : pieces) {
            ByteBuf chunk = Unpooled.wrappedBuffer(piece);
            decoder.feed(chunk, events::add);
            chunk.release();
        }
        decoder.finish(events::add);
        return events;
    }

    static List<SseEvent> decode(byte[] whole) {
        return decode(List.of(whole));
    }

    /**
     * Runs a fixture through decoder and extractor in pieces of the given sizes, the extractor reading the
     * decoder's bytes as the relay has it do (the scan, falling back to the tree per event).
     */
    static StreamUsage extract(Endpoint endpoint, String fixture, int... sizes) {
        StreamUsageExtractor extractor = StreamUsageExtractor.forEndpoint(endpoint);
        SseEventDecoder decoder = new SseEventDecoder();
        for (byte[] piece : split(bytes(fixture), sizes)) {
            ByteBuf chunk = Unpooled.wrappedBuffer(piece);
            decoder.feed(chunk, extractor);
            chunk.release();
        }
        decoder.finish(extractor);
        return extractor.result();
    }

    /** The fixture's events through {@link StreamUsageExtractor#onEvent}, the decoded-text entry. */
    static StreamUsage extractValues(Endpoint endpoint, String fixture) {
        StreamUsageExtractor extractor = StreamUsageExtractor.forEndpoint(endpoint);
        decode(bytes(fixture)).forEach(extractor::onEvent);
        return extractor.result();
    }

    /** The fixture's events through the Jackson tree only: the reference the scan must match. */
    static StreamUsage extractTree(Endpoint endpoint, String fixture) {
        ScanningExtractor extractor = (ScanningExtractor) StreamUsageExtractor.forEndpoint(endpoint);
        decode(bytes(fixture)).forEach(e -> extractor.tree(e.event(), e.data()));
        return extractor.result();
    }
}
