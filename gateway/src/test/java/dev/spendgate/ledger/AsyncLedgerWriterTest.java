package dev.spendgate.ledger;

import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.config.LedgerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncLedgerWriterTest {

    private static final Instant DAY1 = Instant.parse("2026-07-23T10:00:00Z");

    @TempDir
    Path dir;

    private final AtomicLong drops = new AtomicLong();

    private AsyncLedgerWriter writer(int capacity) {
        return new AsyncLedgerWriter(new LedgerConfig(true, dir.resolve("ledger"), capacity), Clock.systemUTC(),
                drops::addAndGet);
    }

    @Test
    void recordsFromManyThreadsArriveExactlyOnceInTheFileOfTheirDay() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AsyncLedgerWriter ledger = writer(threads * perThread);
        try {
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                accepted.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        // Spread over three UTC days, interleaved, so batches mix days.
                        Instant ended = DAY1.plus(Duration.ofHours(i % 3 * 24L)).plusMillis(i);
                        ok += ledger.append(aRecord().requestId(thread + "-" + i).endedAt(ended).build()) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : accepted) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(perThread);
            }
        } finally {
            pool.shutdownNow();
            ledger.close();
        }

        List<JsonNode> all = LedgerReader.readAll(dir.resolve("ledger"));
        assertThat(all.size()).isEqualTo(threads * perThread);
        assertThat(all.stream().map(n -> n.get("request_id").asText()).distinct().count())
                .as("no record written twice").isEqualTo(threads * perThread);
        for (int d = 0; d < 3; d++) {
            LocalDate day = LocalDate.of(2026, 7, 23 + d);
            List<JsonNode> ofDay = LedgerReader.readDay(dir.resolve("ledger"), day);
            int dayIndex = d;
            long expected = threads * IntStream.range(0, perThread).filter(i -> i % 3 == dayIndex).count();
            assertThat(ofDay.size()).isEqualTo(expected);
            assertThat(ofDay.stream().filter(n -> !n.get("ended_at").asText().startsWith(day.toString())).count())
                    .as("records in the file of another day").isZero();
        }
        assertThat(drops).hasValue(0);
    }

    @Test
    void fileRollsAtUtcMidnight() throws Exception {
        try (AsyncLedgerWriter ledger = writer(16)) {
            ledger.append(aRecord().requestId("before").endedAt(Instant.parse("2026-07-24T23:59:59.999Z")).build());
            ledger.append(aRecord().requestId("after").endedAt(Instant.parse("2026-07-25T00:00:00Z")).build());
        }

        assertThat(LedgerReader.readDay(dir.resolve("ledger"), LocalDate.of(2026, 7, 24)))
                .extracting(n -> n.get("request_id").asText()).containsExactly("before");
        assertThat(LedgerReader.readDay(dir.resolve("ledger"), LocalDate.of(2026, 7, 25)))
                .extracting(n -> n.get("request_id").asText()).containsExactly("after");
        assertThat(Files.exists(dir.resolve("ledger/usage-2026-07-25.jsonl"))).isTrue();
    }

    @Test
    void fullQueueDropsWithoutBlockingAndCountsEveryDrop() throws Exception {
        CountDownLatch writerStalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable stallFirstBatch = () -> {
            writerStalled.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        AsyncLedgerWriter ledger = new AsyncLedgerWriter(new LedgerConfig(true, dir, 2), Clock.systemUTC(),
                drops::addAndGet, Duration.ofSeconds(10), stallFirstBatch);
        List<Boolean> results = new ArrayList<>();
        try {
            results.add(ledger.append(aRecord().requestId("taken").build()));
            assertThat(writerStalled.await(5, TimeUnit.SECONDS)).as("writer holds the first record").isTrue();
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                results.add(ledger.append(aRecord().requestId("r" + i).build()));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("append never waits for the writer")
                    .isLessThan(Duration.ofSeconds(1));
        } finally {
            release.countDown();
            ledger.close();
        }

        assertThat(results).containsExactly(true, true, true, false, false, false);
        assertThat(drops).hasValue(3);
        assertThat(LedgerReader.readAll(dir)).extracting(n -> n.get("request_id").asText())
                .containsExactlyInAnyOrder("taken", "r0", "r1");
    }

    @Test
    void closeWritesEverythingQueuedAndLaterAppendsAreDropped() throws Exception {
        AsyncLedgerWriter ledger = writer(10_000);
        for (int i = 0; i < 5_000; i++) {
            ledger.append(aRecord().requestId("q" + i).build());
        }
        ledger.close();

        assertThat(LedgerReader.readAll(dir.resolve("ledger")).size()).isEqualTo(5_000);
        assertThat(ledger.append(aRecord().requestId("late").build())).isFalse();
        assertThat(drops).hasValue(1);
    }

    @Test
    void disabledLedgerAcceptsAndDiscards() throws Exception {
        Path off = dir.resolve("off");
        try (AsyncLedgerWriter ledger = new AsyncLedgerWriter(new LedgerConfig(false, off, 1), Clock.systemUTC(),
                drops::addAndGet)) {
            assertThat(ledger.append(aRecord().build())).isTrue();
            assertThat(ledger.append(aRecord().build())).isTrue();
        }
        assertThat(off).doesNotExist();
        assertThat(drops).hasValue(0);
    }
}
