package dev.spendgate.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily files {@code usage-YYYY-MM-DD.jsonl} in one folder, used by the single writer thread only.
 * Keeps the current day's file open; reopens when the day changes or the file has gone (folder deleted), and
 * creates the folder on every open so a deleted folder comes back. A file that ends without a newline (the
 * process crashed mid-write, or a write failed half-way) gets one before the first new record, so the torn line
 * stays alone and is skipped by readers as one malformed line, instead of swallowing the next record.
 */
final class DailyFiles implements RunSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DailyFiles.class);

    private final Path dir;
    private @Nullable LocalDate openDay;
    private @Nullable Path openPath;
    private @Nullable OutputStream out;

    DailyFiles(Path dir) {
        this.dir = dir;
    }

    /** The file name for one UTC day. */
    static String fileName(LocalDate day) {
        return "usage-" + day + ".jsonl";
    }

    /**
     * Appends bytes to the day's file and flushes them to the OS (no fsync: a crash of the machine, not of the
     * JVM, can lose the last batch). On failure the file is closed so the next call reopens it.
     */
    @Override
    public void append(LocalDate day, byte[] bytes, int off, int len) throws IOException {
        try {
            OutputStream o = current(day);
            o.write(bytes, off, len);
            o.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private OutputStream current(LocalDate day) throws IOException {
        // A deleted file would still take writes through the open descriptor and lose them: check it is there.
        if (out != null && (!day.equals(openDay) || openPath == null || !Files.exists(openPath))) {
            close();
        }
        if (out == null) {
            Files.createDirectories(dir);
            Path path = dir.resolve(fileName(day));
            boolean torn = endsWithoutNewline(path);
            OutputStream o = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (torn) {
                try {
                    o.write('\n');
                } catch (IOException e) {
                    o.close();
                    throw e;
                }
                LOG.warn("Ledger file {} ended in a torn line (a crash or a failed write); new records start on the"
                        + " next line, readers skip the torn one", path);
            }
            out = o;
            openPath = path;
            openDay = day;
        }
        return out;
    }

    /** Whether {@code path} exists, is not empty and its last byte is not {@code \n}. */
    static boolean endsWithoutNewline(Path path) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.position(size - 1);
            return ch.read(last) == 1 && last.get(0) != '\n';
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void close() {
        OutputStream o = out;
        out = null;
        openDay = null;
        openPath = null;
        if (o != null) {
            try {
                o.close();
            } catch (IOException ignored) {
                // Nothing more to lose: every write was already flushed or reported.
            }
        }
    }
}
