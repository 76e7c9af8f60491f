package dev.spendgate.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Writes log events to the console (System.out) from one background thread, many lines per write. It replaces
 * logback's AsyncAppender in front of a ConsoleAppender, which costs a lock and a thread wake-up on every event
 * and then one system call per line: with an access-log line per request that was several microseconds of CPU
 * per request. Here the logging thread only puts the event on a bounded lock-free queue; the writer thread wakes
 * every {@code flushMillis} ms, encodes what is queued with the configured encoder and writes it in chunks of up
 * to {@value #CHUNK_BYTES} bytes. Output is the same bytes as the ConsoleAppender's, in the same order.
 *
 * <pre>
 *   append() --offer--&gt; [ queue, at most queueSize ] --every flushMillis--&gt; writer thread --write--&gt; stdout
 *      | full: dropped (counted), like AsyncAppender with neverBlock and discardingThreshold 0
 * </pre>
 *
 * <p>Lines reach the console at most about {@code flushMillis} ms after they are logged. When the JVM shuts down,
 * a shutdown hook has what is queued written and switches the appender to writing each event at once, the logging
 * thread waiting until its line is out, so the lines of a graceful shutdown are not lost when the JVM halts.
 * Only the writer thread (a daemon) ever writes while the JVM shuts down, and a logging thread waits for it at
 * most {@value #SHUTDOWN_WAIT_MILLIS} ms: a console nobody reads (a full pipe) loses those lines but cannot hold
 * the shutdown. {@link #stop()} (a stopped logger context) writes what is queued and ends the thread.
 *
 * <p>logback.xml: {@code <appender class="dev.spendgate.logging.BatchingConsoleAppender">} with an
 * {@code <encoder>} and optionally {@code <queueSize>} (default 8192) and {@code <flushMillis>} (default 5).
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final int CHUNK_BYTES = 64 * 1024;
    private static final long SHUTDOWN_WAIT_MILLIS = 2_000;

    private final Queue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK_BYTES);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private @Nullable Encoder<ILoggingEvent> encoder;
    private int queueSize = 8192;
    private int flushMillis = 5;
    private @Nullable Thread writer;
    private @Nullable Thread shutdownHook;
    private volatile boolean immediate;
    private volatile boolean stopping;

    /** The encoder of each event (e.g. a pattern layout encoder), set from logback.xml. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** Events that may wait for the writer; beyond it events are dropped. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** How long the writer waits between two batches, in milliseconds. */
    public void setFlushMillis(int flushMillis) {
        this.flushMillis = flushMillis;
    }

    /** Events dropped because the queue was full. */
    public long droppedCount() {
        return dropped.get();
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder set for the appender named [" + name + "]");
            return;
        }
        if (queueSize < 1 || flushMillis < 1) {
            addError("queueSize and flushMillis must be at least 1 for the appender named [" + name + "]");
            return;
        }
        write(encoder.headerBytes());
        stopping = false;
        immediate = false;
        Thread t = new Thread(this::writeLoop, "spendgate-log-writer");
        t.setDaemon(true);
        writer = t;
        Thread hook = new Thread(this::flushForShutdown, "spendgate-log-flush");
        shutdownHook = hook;
        Runtime.getRuntime().addShutdownHook(hook);
        super.start();
        t.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        // The writer writes what is queued and the footer, then ends; a console nobody reads cannot hold us.
        awaitWritten(accepted.get());
        stopping = true;
        Thread t = writer;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(SHUTDOWN_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (queued.get() > 0) {
            addWarn("the console did not take the log lines in time; " + queued.get() + " not written");
        }
        Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is shutting down: the hook runs (or ran) anyway.
            }
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The message, thread name and MDC are taken now, on the logging thread (as AsyncAppender does).
        event.prepareForDeferredProcessing();
        if (queued.incrementAndGet() > queueSize) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(event);
        long sequence = accepted.incrementAndGet();
        if (immediate) {
            // Shutting down: the JVM may halt once this thread goes on, so wait until the line is out.
            awaitWritten(sequence);
        }
    }

    private void writeLoop() {
        while (!stopping) {
            if (queue.isEmpty() || !immediate) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(immediate ? 1 : flushMillis));
            }
            drainAndWrite();
        }
        drainAndWrite();
        Encoder<ILoggingEvent> e = encoder;
        if (e != null) {
            write(e.footerBytes());
        }
    }

    /** What the shutdown hook does: have what is queued written, then every later event at once. */
    void flushForShutdown() {
        immediate = true;
        awaitWritten(accepted.get());
    }

    /** Wakes the writer and waits, at most {@value #SHUTDOWN_WAIT_MILLIS} ms, until that many events are out. */
    private void awaitWritten(long sequence) {
        Thread t = writer;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_WAIT_MILLIS);
        while (written.get() < sequence && System.nanoTime() < deadline && t != null && t.isAlive()) {
            LockSupport.unpark(t);
            LockSupport.parkNanos(100_000);
        }
    }

    /** Encodes every queued event and writes them, in chunks; one thread at a time. */
    private void drainAndWrite() {
        Encoder<ILoggingEvent> e = encoder;
        if (e == null) {
            return;
        }
        writeLock.lock();
        try {
            ILoggingEvent event;
            long polled = 0;
            while ((event = queue.poll()) != null) {
                queued.decrementAndGet();
                polled++;
                try {
                    chunk.writeBytes(e.encode(event));
                } catch (RuntimeException failure) {
                    addWarn("could not encode a log event", failure);
                }
                if (chunk.size() >= CHUNK_BYTES) {
                    writeChunk();
                }
            }
            writeChunk();
            written.addAndGet(polled);
        } finally {
            writeLock.unlock();
        }
    }

    private void writeChunk() {
        if (chunk.size() > 0) {
            PrintStream out = System.out;
            try {
                chunk.writeTo(out);
            } catch (IOException notThrownByPrintStream) {
                addWarn("could not write log lines", notThrownByPrintStream);
            }
            out.flush();
            chunk.reset();
        }
    }

    private void write(byte @Nullable [] bytes) {
        if (bytes != null && bytes.length > 0) {
            writeLock.lock();
            try {
                chunk.writeBytes(bytes);
                writeChunk();
            } finally {
                writeLock.unlock();
            }
        }
    }
}
