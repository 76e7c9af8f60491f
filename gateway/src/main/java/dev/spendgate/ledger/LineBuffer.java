package dev.spendgate.ledger;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer the writer thread serialises a batch into and reuses for the next one. Unlike
 * {@link java.io.ByteArrayOutputStream} it is unsynchronised, can be cut back to a mark (a record that failed
 * half-way) and gives access to its array, so a run of lines is written to the file without a copy. After a
 * batch it keeps at most {@code maxRetained} bytes of capacity.
 */
final class LineBuffer extends OutputStream {

    private final int initialCapacity;
    private final int maxRetained;
    private byte[] bytes;
    private int size;

    LineBuffer(int initialCapacity, int maxRetained) {
        this.initialCapacity = initialCapacity;
        this.maxRetained = Math.max(initialCapacity, maxRetained);
        this.bytes = new byte[initialCapacity];
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** Bytes written since the last {@link #clear()}. */
    int size() {
        return size;
    }

    /** The backing array: bytes {@code 0..size()-1} are the content. */
    byte[] array() {
        return bytes;
    }

    /** Drops everything written after {@code mark} (a previous {@link #size()}). */
    void truncate(int mark) {
        size = mark;
    }

    /** Empties the buffer, giving back capacity beyond {@code maxRetained}. */
    void clear() {
        size = 0;
        if (bytes.length > maxRetained) {
            bytes = new byte[initialCapacity];
        }
    }

    /** A copy of the content. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        int needed = size + more;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
