package dev.spendgate.ledger;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Serialises one drained batch into a reused buffer and appends it with one write per run of records that share
 * a UTC day (of {@code endedAt}): one write for a whole batch in the usual case. Used by the ledger's single
 * writer thread only. A record that cannot be serialised, and every record of a run whose write fails, is
 * reported as lost; the others are still written.
 */
final class LedgerBatchWriter {

    /** Told about lost records: how many, and why. */
    interface LostRecords {
        void lost(int count, String detail);
    }

    private static final long SECONDS_PER_DAY = 86_400;

    private final RunSink sink;
    private final LostRecords onLost;
    private final LedgerLines lines = new LedgerLines(64 * 1024);

    LedgerBatchWriter(RunSink sink, LostRecords onLost) {
        this.sink = sink;
        this.onLost = onLost;
    }

    /** Writes the batch, in order. */
    void write(List<UsageRecord> batch) {
        LineBuffer buffer = lines.buffer();
        buffer.clear();
        long runDay = Long.MIN_VALUE;
        int runStart = 0;
        int runCount = 0;
        for (UsageRecord r : batch) {
            long day = utcDay(r.endedAt());
            if (runCount > 0 && day != runDay) {
                writeRun(runDay, runStart, runCount);
                runStart = buffer.size();
                runCount = 0;
            }
            runDay = day;
            try {
                lines.append(r);
                runCount++;
            } catch (IOException | RuntimeException e) {
                onLost.lost(1, "record " + r.requestId() + " could not be serialised: " + e);
            }
        }
        if (runCount > 0) {
            writeRun(runDay, runStart, runCount);
        }
        buffer.clear();
    }

    private void writeRun(long day, int start, int count) {
        LineBuffer buffer = lines.buffer();
        try {
            sink.append(LocalDate.ofEpochDay(day), buffer.array(), start, buffer.size() - start);
        } catch (IOException e) {
            onLost.lost(count, e.toString());
        }
    }

    private static long utcDay(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), SECONDS_PER_DAY);
    }
}
