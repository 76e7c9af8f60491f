package dev.spendgate.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchingConsoleAppenderTest {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{20} - %msg%n";

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("dev.spendgate.access");
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut = System.out;

    @BeforeEach
    void captureStdout() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
        context.stop();
    }

    private PatternLayoutEncoder encoder() {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern(PATTERN);
        e.start();
        return e;
    }

    private BatchingConsoleAppender appender(int queueSize, int flushMillis) {
        BatchingConsoleAppender a = new BatchingConsoleAppender();
        a.setContext(context);
        a.setName("OUT");
        a.setEncoder(encoder());
        a.setQueueSize(queueSize);
        a.setFlushMillis(flushMillis);
        a.start();
        assertThat(a.isStarted()).isTrue();
        return a;
    }

    private LoggingEvent event(String message, Object... args) {
        return new LoggingEvent(Logger.FQCN, logger, Level.INFO, message, null, args);
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheSameBytesAsAConsoleAppenderInTheSameOrder() {
        List<ILoggingEvent> events = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            events.add(event(i % 3 == 0 ? "line {} of {}" : "request_id=gw-" + i + " feature=recherche-é", i, 2_000));
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setEncoder(encoder());
        console.start();
        events.forEach(console::doAppend);
        console.stop();
        String expected = output();
        captured.reset();

        BatchingConsoleAppender batching = appender(8192, 5);
        events.forEach(batching::doAppend);
        batching.stop();

        assertThat(output()).isEqualTo(expected).hasLineCount(2_000);
        assertThat(batching.droppedCount()).isZero();
    }

    @Test
    void linesAppearWithinTheFlushIntervalWithoutAStop() {
        BatchingConsoleAppender batching = appender(8192, 5);
        batching.doAppend(event("request_id=gw-1"));

        await().atMost(Duration.ofSeconds(5)).until(() -> output().contains("request_id=gw-1"));
        batching.stop();
    }

    @Test
    void everyLineFromManyThreadsIsWrittenOnceAndWhole() throws Exception {
        BatchingConsoleAppender batching = appender(100_000, 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            pool.submit(() -> {
                for (int i = 0; i < 5_000; i++) {
                    batching.doAppend(event("thread=" + thread + " i=" + i));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        batching.stop();

        List<String> lines = output().lines().toList();
        assertThat(lines).hasSize(20_000)
                .allMatch(l -> l.matches(".* INFO  d\\.spendgate\\.access - thread=\\d i=\\d+"));
        for (int t = 0; t < 4; t++) {
            String prefix = "thread=" + t + " ";
            List<String> ofThread = lines.stream().filter(l -> l.contains(prefix)).toList();
            for (int i = 0; i < ofThread.size(); i++) {
                assertThat(ofThread.get(i)).as("one thread's lines keep their order").endsWith(prefix + "i=" + i);
            }
        }
    }

    @Test
    void fullQueueDropsAndCountsWithoutBlocking() {
        BatchingConsoleAppender batching = appender(2, 60_000);
        for (int i = 0; i < 5; i++) {
            batching.doAppend(event("line " + i));
        }

        assertThat(batching.droppedCount()).isEqualTo(3);
        batching.stop();
        assertThat(output().lines().toList()).hasSize(2).allMatch(l -> l.endsWith("line 0") || l.endsWith("line 1"));
    }

    @Test
    void atShutdownQueuedLinesAreWrittenAndLaterOnesAtOnce() {
        BatchingConsoleAppender batching = appender(8192, 60_000);
        batching.doAppend(event("queued before shutdown"));
        assertThat(output()).as("the writer waits a minute between batches here").isEmpty();

        batching.flushForShutdown();
        assertThat(output()).contains("queued before shutdown");
        batching.doAppend(event("logged while shutting down"));

        assertThat(output()).as("written on the logging thread").contains("logged while shutting down");
        batching.stop();
    }

    @Test
    void aConsoleNobodyReadsCannotHoldTheShutdown() {
        CountDownLatch never = new CountDownLatch(1);
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                // A full pipe: the write blocks, and an interrupt does not end it.
                while (true) {
                    try {
                        never.await();
                        return;
                    } catch (InterruptedException ignored) {
                        // still blocked
                    }
                }
            }
        }, true, StandardCharsets.UTF_8));
        BatchingConsoleAppender batching = appender(8192, 1);
        batching.doAppend(event("the writer blocks on this one"));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            batching.flushForShutdown();
            batching.doAppend(event("logged while shutting down"));
            batching.stop();
        });
        never.countDown();
    }

    @Test
    void messageArgumentsAreCapturedWhenLoggedNotWhenWritten() {
        BatchingConsoleAppender batching = appender(8192, 60_000);
        StringBuilder mutable = new StringBuilder("before");
        batching.doAppend(event("value={}", mutable));
        mutable.replace(0, mutable.length(), "after");
        batching.stop();

        assertThat(output()).contains("value=before").doesNotContain("value=after");
    }
}
