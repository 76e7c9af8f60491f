package dev.spendgate.ledger;

/** Where usage records go. Implementations never block the caller (an event-loop thread). */
public interface UsageLedger extends AutoCloseable {

    /** Queues one record; returns false (and counts a drop) when it cannot be queued. Never blocks. */
    boolean append(UsageRecord record);

    /** Flushes what is queued and stops; waits at most the configured bound. */
    @Override
    void close();
}
