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
import java.util.concurrent.atomic.AtomicLong;
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
 * a shutdown hook writes what is queued and switches the appender to writing each event at once, on the thread
 * that logs it, so the lines of a graceful shutdown are not lost when the JVM halts. {@link #stop()} (a stopped
 * logger context) writes what is queued and ends the thread.
 *
 * <p>logback.xml: {@code <appender class="dev.spendgate.logging.BatchingConsoleAppender">} with an
 * {@code <encoder>} and optionally {@code <queueSize>} (default 8192) and {@code <flushMillis>} (default 5).
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final int CHUNK_BYTES = 64 * 1024;

    private final Queue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK_BYTES);
    private final Object writeLock = new Object();
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
        stopping = true;
        Thread t = writer;
        if (t != null) {
            t.interrupt();
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is shutting down: the hook runs (or ran) anyway.
            }
        }
        drainAndWrite();
        Encoder<ILoggingEvent> e = encoder;
        if (e != null) {
            write(e.footerBytes());
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
        if (immediate) {
            // Shutting down: the writer may not get another turn before the JVM halts.
            drainAndWrite();
        }
    }

    private void writeLoop() {
        while (!stopping) {
            try {
                Thread.sleep(flushMillis);
            } catch (InterruptedException e) {
                if (stopping) {
                    return;
                }
            }
            drainAndWrite();
        }
    }

    /** What the shutdown hook does: write what is queued, then write every later event at once. */
    void flushForShutdown() {
        immediate = true;
        drainAndWrite();
    }

    /** Encodes every queued event and writes them, in chunks; one thread at a time. */
    private void drainAndWrite() {
        Encoder<ILoggingEvent> e = encoder;
        if (e == null) {
            return;
        }
        synchronized (writeLock) {
            ILoggingEvent event;
            while ((event = queue.poll()) != null) {
                queued.decrementAndGet();
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
            synchronized (writeLock) {
                chunk.writeBytes(bytes);
                writeChunk();
            }
        }
    }
}
