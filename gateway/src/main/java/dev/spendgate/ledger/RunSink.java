package dev.spendgate.ledger;

import java.io.IOException;
import java.time.LocalDate;

/** Where the writer puts one UTC day's run of serialised lines: {@link DailyFiles}, or a stand-in in benchmarks. */
interface RunSink {

    /** Appends {@code len} bytes of {@code bytes} from {@code off} to the day's file and flushes them to the OS. */
    void append(LocalDate day, byte[] bytes, int off, int len) throws IOException;
}
