package dev.spendgate.ledger;

import dev.spendgate.config.LedgerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSONL usage ledger: callers (event-loop threads) put records on a bounded queue and never wait; one
 * daemon thread drains it in batches into {@code dir/usage-YYYY-MM-DD.jsonl} (UTC day of {@code endedAt}).
 * The queue is lock-free and the writer polls it every {@value #IDLE_MILLIS} ms, so an append never takes a lock
 * nor wakes a thread (a blocking queue would do both on every request). After a batch that did not fill up, the
 * writer waits that long again before the next, so under load a batch holds the last few milliseconds' records and
 * costs one file write (see {@link LedgerBatchWriter}), not one per request.
 *
 * <pre>
 *   append() --offer--&gt; [ bounded queue ] --drain batch--&gt; writer thread --&gt; usage-2026-07-24.jsonl
 *      | full                                                  | I/O error
 *      +--&gt; dropped: onDrop(1) + rate-limited warn             +--&gt; dropped: onDrop(n) + warn; next batch reopens
 * </pre>
 *
 * <p>Durability: every batch is flushed to the OS before the next is taken, so a JVM crash loses at most the
 * queue and the batch in hand. Every lost record is reported to the drop listener exactly once; a record is
 * never written twice. {@link #close()} drains what is queued and returns within {@link #CLOSE_TIMEOUT}.
 * A disabled ledger accepts and discards records and starts no thread.
 */
public final class AsyncLedgerWriter implements UsageLedger {

    /** How long {@link #close()} waits for the queue to drain. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(AsyncLedgerWriter.class);
    private static final int MAX_BATCH = 512;
    private static final long IDLE_MILLIS = 5;
    private static final long WARN_INTERVAL_MILLIS = 10_000;

    private final boolean enabled;
    private final int capacity;
    private final Queue<UsageRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final LongConsumer onDrop;
    private final Duration closeTimeout;
    private final Runnable beforeBatch;
    private final DailyFiles files;
    private final DropLog notQueued;
    private final DropLog notWritten;
    private final LedgerBatchWriter batches;
    private final @Nullable Thread writer;
    private volatile boolean closing;

    /**
     * Starts the writer thread (when enabled).
     *
     * @param config ledger settings; {@code queueCapacity} bounds the records waiting for the writer
     * @param clock  time source of the rate-limited drop warnings
     * @param onDrop told how many records were lost each time some are (queue full, I/O error, after close);
     *               called on the appending thread or the writer thread, so it must be cheap and thread-safe
     */
    public AsyncLedgerWriter(LedgerConfig config, Clock clock, LongConsumer onDrop) {
        this(config, clock, onDrop, CLOSE_TIMEOUT, () -> { });
    }

    /** For tests: {@code beforeBatch} runs on the writer thread before each batch (it may stall the writer). */
    AsyncLedgerWriter(LedgerConfig config, Clock clock, LongConsumer onDrop, Duration closeTimeout,
            Runnable beforeBatch) {
        this.enabled = config.enabled();
        this.capacity = Math.max(1, config.queueCapacity());
        this.onDrop = onDrop;
        this.closeTimeout = closeTimeout;
        this.beforeBatch = beforeBatch;
        this.files = new DailyFiles(config.dir());
        this.notQueued = new DropLog(LOG, clock, WARN_INTERVAL_MILLIS, "not queued");
        this.notWritten = new DropLog(LOG, clock, WARN_INTERVAL_MILLIS, "not written");
        this.batches = new LedgerBatchWriter(files, (count, detail) -> {
            notWritten.dropped(count, detail);
            reportDrop(count);
        });
        if (enabled) {
            Thread t = new Thread(this::drainLoop, "spendgate-ledger-writer");
            t.setDaemon(true);
            t.start();
            this.writer = t;
        } else {
            this.writer = null;
        }
    }

    /** Queues the record; false (and one drop reported) when the queue is full or the ledger is closed. */
    @Override
    public boolean append(UsageRecord record) {
        if (!enabled) {
            return true;
        }
        if (!closing) {
            if (queued.incrementAndGet() <= capacity) {
                queue.offer(record);
                return true;
            }
            queued.decrementAndGet();
        }
        notQueued.dropped(1, closing ? "ledger is closed" : "queue full (capacity " + capacity + ")");
        reportDrop(1);
        return false;
    }

    /** Stops taking records, writes what is queued and waits at most the close timeout for the writer. */
    @Override
    public void close() {
        Thread t = writer;
        if (t == null || closing) {
            return;
        }
        closing = true;
        try {
            t.join(closeTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("ledger writer did not finish within {}; {} queued record(s) may be lost",
                    closeTimeout, queued.get());
        } else {
            // An append that raced with close() may have slipped in after the writer's last poll.
            List<UsageRecord> late = new ArrayList<>();
            drain(late, Integer.MAX_VALUE);
            if (!late.isEmpty()) {
                notQueued.dropped(late.size(), "appended while closing");
                reportDrop(late.size());
            }
        }
        notQueued.flush();
        notWritten.flush();
    }

    private void drainLoop() {
        List<UsageRecord> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                UsageRecord first = queue.poll();
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    Thread.sleep(IDLE_MILLIS);
                    continue;
                }
                queued.decrementAndGet();
                beforeBatch.run();
                batch.add(first);
                drain(batch, MAX_BATCH);
                batches.write(batch);
                boolean full = batch.size() == MAX_BATCH;
                batch.clear();
                if (!full && !closing) {
                    // Let records gather for a batch: a write per request would cost a system call each.
                    Thread.sleep(IDLE_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Defensive: per-record failures are handled by the batch writer; this is a bug, so stop loudly.
            LOG.error("ledger writer stopped unexpectedly; further records are dropped", e);
            closing = true;
            reportDrop(batch.size());
        } finally {
            files.close();
        }
    }

    /** Moves at most {@code max} queued records to {@code into}. */
    private void drain(List<UsageRecord> into, int max) {
        UsageRecord r;
        while (into.size() < max && (r = queue.poll()) != null) {
            queued.decrementAndGet();
            into.add(r);
        }
    }

    private void reportDrop(long n) {
        try {
            onDrop.accept(n);
        } catch (RuntimeException e) {
            LOG.warn("ledger drop listener failed", e);
        }
    }
}
