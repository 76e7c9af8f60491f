package dev.spendgate.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.spendgate.ledger.UsageRecord;
import dev.spendgate.logging.AccessLogLine;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One access-log line per finished request through logback, written to a file the way the gateway writes its
 * console (System.out: a PrintStream with autoflush over a 128-byte buffer). Requests are paced by
 * {@code paceTokens} of busy work ({@link #pace()} alone is the baseline) so that the log's background thread
 * sees a request stream, not a saturated queue: a saturated AsyncAppender drops lines and never parks, which
 * hides the wake-up cost. ns/op minus the baseline is the request thread's cost; run with
 * {@code -prof dev.spendgate.bench.ProcessCpuProfiler} for the whole process's (logback's thread included).
 *
 * <p>{@code config}: {@code production} is the gateway's logback.xml; {@code legacy} the AsyncAppender +
 * ConsoleAppender config it had before (bench/logback-async-console.xml). {@code format}: {@code line} is the
 * request recorder's call ({@link AccessLogLine}); {@code args} the SLF4J call with 18 arguments it made before.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccessLogBench {

    @Param({"production", "legacy"})
    String config;

    @Param({"line", "args"})
    String format;

    @Param({"2000"})
    int paceTokens;

    private final UsageRecord[] records = BenchRecords.records(64);
    private final Logger access = LoggerFactory.getLogger("dev.spendgate.access");
    private PrintStream originalOut = System.out;
    private File file = new File(".");
    private LineCountingFile sink;
    private long calls;
    private int next;

    /** Sends System.out to a temporary file and configures logback from the chosen config. */
    @Setup
    public void setup() throws IOException, JoranException {
        file = Files.createTempFile("spendgate-access-bench", ".log").toFile();
        sink = new LineCountingFile(file);
        originalOut = System.out;
        System.setOut(new PrintStream(new BufferedOutputStream(sink, 128), true));
        URL xml = getClass().getResource(config.equals("legacy") ? "/bench/logback-async-console.xml"
                : "/logback.xml");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(xml);
    }

    /** Stops logback (flushing what is queued), restores System.out and reports lines lost. */
    @TearDown
    public void tearDown() throws IOException {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        System.out.flush();
        System.setOut(originalOut);
        sink.close();
        System.err.printf("access log: %d lines logged, %d written (%s, %s)%n", calls, sink.lines, config, format);
        Files.deleteIfExists(file.toPath());
    }

    /** The pacing alone: the baseline to subtract. */
    @Benchmark
    public void pace() {
        Blackhole.consumeCPU(paceTokens);
    }

    /** The pacing and one access-log line. */
    @Benchmark
    public void line() {
        Blackhole.consumeCPU(paceTokens);
        UsageRecord r = records[next++ & 63];
        calls++;
        if (format.equals("args")) {
            logWithArguments(r);
        } else if (access.isInfoEnabled()) {
            access.info(AccessLogLine.of(r));
        }
    }

    /** The request recorder's access-log call before it built the line itself. */
    private void logWithArguments(UsageRecord r) {
        if (access.isInfoEnabled()) {
            access.info("request_id={} endpoint={} feature={} team={} tier={} provider={} model={} served_model={}"
                            + " stream={} status={} outcome={} usage_source={} input={} cached_input={} output={}"
                            + " cost_usd={} latency_ms={} ttft_ms={}",
                    r.requestId(), r.endpoint(), r.feature(), r.team(), r.tier(), orNone(r.provider()),
                    orNone(r.requestedModel()),
                    r.servedModel(), r.stream(), r.httpStatus(), r.outcome(), r.usageSource(), r.inputTokens(),
                    r.cachedInputTokens(), r.outputTokens(), r.costUsd().toPlainString(),
                    twoDecimals(r.latencyMs()), r.ttftMs() == null ? "-" : twoDecimals(r.ttftMs()));
        }
    }

    private static String orNone(@org.jspecify.annotations.Nullable String v) {
        return v == null ? "none" : v;
    }

    /** As the recorder printed milliseconds then (two decimals, no Formatter). */
    private static String twoDecimals(double ms) {
        long hundredths = Math.round(ms * 100);
        long fraction = Math.abs(hundredths % 100);
        return (hundredths < 0 && hundredths > -100 ? "-" : "") + hundredths / 100 + (fraction < 10 ? ".0" : ".")
                + fraction;
    }

    /** A file that counts the lines written to it and truncates itself every 64 MiB. */
    private static final class LineCountingFile extends FileOutputStream {
        private long lines;
        private long bytes;

        LineCountingFile(File file) throws IOException {
            super(file, true);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
            bytes += len;
            if (bytes > 64L << 20) {
                bytes = 0;
                getChannel().truncate(0);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
