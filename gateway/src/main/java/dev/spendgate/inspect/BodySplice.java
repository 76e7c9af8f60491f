package dev.spendgate.inspect;

import java.util.Arrays;

/**
 * Edits to a body's bytes, applied in one copy: each replaces the bytes {@code [start, end)} (an insertion when
 * equal) with new ones. Edits do not overlap; insertions at the same offset keep the order they were added in.
 */
final class BodySplice {

    private static final int MAX_EDITS = 6; // model, three caps, stream_options: the most a rewrite makes

    private final int[] starts = new int[MAX_EDITS];
    private final int[] ends = new int[MAX_EDITS];
    private final byte[][] bytes = new byte[MAX_EDITS][];
    private int count;

    /** Replaces {@code [start, end)} with {@code with}. */
    BodySplice replace(int start, int end, byte[] with) {
        int i = count++;
        while (i > 0 && starts[i - 1] > start) { // insertion sort by offset, stable
            starts[i] = starts[i - 1];
            ends[i] = ends[i - 1];
            bytes[i] = bytes[i - 1];
            i--;
        }
        starts[i] = start;
        ends[i] = end;
        bytes[i] = with;
        return this;
    }

    /** Inserts {@code with} before offset {@code at}. */
    BodySplice insert(int at, byte[] with) {
        return replace(at, at, with);
    }

    /** Whether there is no edit. */
    boolean isEmpty() {
        return count == 0;
    }

    /** {@code raw} with the edits applied. */
    byte[] apply(byte[] raw) {
        int size = raw.length;
        for (int i = 0; i < count; i++) {
            size += bytes[i].length - (ends[i] - starts[i]);
        }
        byte[] out = new byte[size];
        int from = 0;
        int to = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(raw, from, out, to, starts[i] - from);
            to += starts[i] - from;
            System.arraycopy(bytes[i], 0, out, to, bytes[i].length);
            to += bytes[i].length;
            from = ends[i];
        }
        System.arraycopy(raw, from, out, to, raw.length - from);
        return out;
    }

    @Override
    public String toString() {
        return "BodySplice" + Arrays.toString(Arrays.copyOf(starts, count));
    }
}
