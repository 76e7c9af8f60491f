package dev.spendgate.ledger;

import dev.spendgate.bench.BenchRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ledger writer thread's work per record: serialising a drained batch of varied records to JSON lines
 * ({@code serialise}), and that plus the file append, for a batch of 64 and for a batch of one (the worst case: a
 * write per record). All on the benchmark thread, so ns/op is the whole cost. In package {@code ledger} (a split
 * package on the benchmark's classpath) to reach the package-private writer. The file is truncated every 64 MiB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LedgerBench {

    private static final int BATCH = 64;

    private final List<UsageRecord> batch = List.of(BenchRecords.records(BATCH));
    private final List<UsageRecord> single = List.of(BenchRecords.record(0));
    private Path dir = Path.of(".");
    private DailyFiles files = new DailyFiles(dir);
    private LedgerBatchWriter toNowhere = writer((day, bytes, off, len) -> { });
    private LedgerBatchWriter toFile = toNowhere;

    private static LedgerBatchWriter writer(RunSink sink) {
        return new LedgerBatchWriter(sink, (count, detail) -> {
            throw new IllegalStateException("lost " + count + ": " + detail);
        });
    }

    /** A fresh folder and writers. */
    @Setup
    public void setup() throws IOException {
        dir = Files.createTempDirectory("spendgate-ledger-bench");
        files = new DailyFiles(dir);
        toFile = writer(new Truncating(files, dir));
    }

    /** Closes the file and deletes the folder. */
    @TearDown
    public void tearDown() throws IOException {
        files.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Serialises 64 records into one buffer, no I/O. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void serialise() {
        toNowhere.write(batch);
    }

    /** Serialises 64 records and appends them to the day's file. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void writeBatchOf64() {
        toFile.write(batch);
    }

    /** Serialises one record and appends it (a writer that drains one record per wake-up). */
    @Benchmark
    public void writeBatchOf1() {
        toFile.write(single);
    }

    /** The real file sink, truncating the file every 64 MiB so a long run does not fill the disk. */
    private static final class Truncating implements RunSink {
        private final DailyFiles files;
        private final Path dir;
        private long written;

        Truncating(DailyFiles files, Path dir) {
            this.files = files;
            this.dir = dir;
        }

        @Override
        public void append(LocalDate day, byte[] bytes, int off, int len) throws IOException {
            files.append(day, bytes, off, len);
            written += len;
            if (written > 64L << 20) {
                written = 0;
                try (FileChannel ch = FileChannel.open(dir.resolve(DailyFiles.fileName(day)),
                        StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
