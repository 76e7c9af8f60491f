package dev.spendgate.guard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Splits a ledger file into lines of raw bytes through one fixed buffer: no decoding to {@code String} (the JSON
 * parser reads UTF-8 bytes itself, faster) and bounded memory whatever the file holds. A line longer than the
 * buffer (no ledger record comes near it) is reported as too long and skipped up to its newline. The last line
 * is delivered even without a newline (a torn write), so the caller can count it.
 */
final class LedgerLines {

    /** Buffer size and so the longest line delivered; ledger lines are about 1 KB. */
    static final int MAX_LINE = 1 << 20;

    /** Receives the lines of one file, in order. */
    interface Sink {
        /** One line without its {@code \n}; the bytes are only valid during the call. */
        void line(byte[] buf, int offset, int length);

        /** A line longer than {@link #MAX_LINE} was skipped. */
        void tooLong();
    }

    private LedgerLines() {
    }

    static void read(Path file, Sink sink) throws IOException {
        byte[] buf = new byte[MAX_LINE];
        int start = 0;
        int end = 0;
        boolean skipping = false;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf, end, buf.length - end)) >= 0) {
                int scan = end;
                end += n;
                for (int i = scan; i < end; i++) {
                    if (buf[i] == '\n') {
                        if (!skipping) {
                            sink.line(buf, start, i - start);
                        }
                        skipping = false;
                        start = i + 1;
                    }
                }
                if (start == 0 && end == buf.length) {
                    // A whole buffer without a newline: drop it and the rest of that line.
                    if (!skipping) {
                        sink.tooLong();
                    }
                    skipping = true;
                    end = 0;
                } else if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
            }
        }
        if (end > start && !skipping) {
            sink.line(buf, start, end - start);
        }
    }
}
