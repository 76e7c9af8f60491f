package dev.spendgate.bench;

import dev.spendgate.config.LedgerConfig;
import dev.spendgate.ledger.AsyncLedgerWriter;
import dev.spendgate.ledger.UsageRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole ledger per record, as the gateway runs it: {@link AsyncLedgerWriter#append} on the request thread,
 * paced by {@code paceTokens} of busy work ({@link #pace()} alone is the baseline), and its writer thread
 * serialising and appending to a file in the background. Run with
 * {@code -prof dev.spendgate.bench.ProcessCpuProfiler}: cpu.process of {@link #append()} minus that of
 * {@link #pace()} is the ledger's CPU per record, both threads. The file is truncated every iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LedgerAppendBench {

    @Param({"2000"})
    int paceTokens;

    private final UsageRecord[] records = BenchRecords.records(64);
    private final AtomicLong dropped = new AtomicLong();
    private Path dir = Path.of(".");
    private AsyncLedgerWriter ledger = new AsyncLedgerWriter(new LedgerConfig(false, dir, 1), Clock.systemUTC(),
            n -> { });
    private int next;

    /** A ledger writing to a fresh folder. */
    @Setup
    public void setup() throws IOException {
        dir = Files.createTempDirectory("spendgate-ledger-append-bench");
        ledger = new AsyncLedgerWriter(new LedgerConfig(true, dir, 65_536), Clock.systemUTC(), dropped::addAndGet);
    }

    /** Empties the day's file between iterations. */
    @Setup(Level.Iteration)
    public void truncate() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                }
            }
        }
    }

    /** Closes the ledger (it writes what is queued) and deletes the folder. */
    @TearDown
    public void tearDown() throws IOException {
        ledger.close();
        System.err.println("ledger: " + dropped.get() + " record(s) dropped");
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The pacing alone: the baseline to subtract. */
    @Benchmark
    public void pace() {
        Blackhole.consumeCPU(paceTokens);
    }

    /** The pacing and one record appended to the ledger. */
    @Benchmark
    public boolean append() {
        Blackhole.consumeCPU(paceTokens);
        return ledger.append(records[next++ & 63]);
    }
}
