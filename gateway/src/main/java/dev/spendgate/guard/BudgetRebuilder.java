package dev.spendgate.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the spend of the budgets' current windows from the usage ledger after a restart, so a budget that
 * blocked before the restart blocks after it.
 *
 * <pre>
 *   earliest current window start over all budgets (calendar: start in the zone; rolling: oldest bucket)
 *     -> usage-YYYY-MM-DD.jsonl for each UTC day from it to today (older days are never opened)
 *     -> line by line: metered records whose charge time falls in a budget's current window and that match it
 *     -> store.addSpent(window at the record's start, for the record's per-member) per budget
 * </pre>
 *
 * <p>The live guard reserves at evaluation and settles into that reservation's bucket, so a record is charged to
 * the window of its {@code started_at} (not {@code ended_at}): a stream that crossed midnight stays on the day it
 * began, and a rolling window forgets it when the live one would have. A metered record (usage source not
 * {@code none}) adds its cost, all its tokens and one request, exactly what settlement adds; unmetered records
 * released their reservation and add nothing. Run once per process, into a store that holds nothing yet, before
 * serving: the ledger has no reservations of requests in flight, and a second run would count everything twice.
 */
public final class BudgetRebuilder {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetRebuilder.class);

    /** Ledger lines start with this field ({@code request_id} is the record's first component). */
    private static final byte[] RECORD_START = "{\"request_id\"".getBytes(StandardCharsets.UTF_8);

    private BudgetRebuilder() {
    }

    /**
     * Adds the ledger's spend in each budget's current window (as of {@code now}) to {@code guard.store()}.
     * A missing folder or day file is no spend; a malformed or half-written line is skipped and counted.
     *
     * @throws IOException when a day file exists but cannot be read (starting with forgotten spend would let
     *                     blocked budgets spend again, so the caller should not start silently)
     */
    public static RebuildReport rebuild(BudgetGuard guard, Path ledgerDir, Instant now) throws IOException {
        long started = System.nanoTime();
        List<RebuildTarget> targets = new ArrayList<>();
        for (CompiledBudget b : guard.budgets()) {
            targets.add(new RebuildTarget(b, guard.zone(), now));
        }
        Reader reader = new Reader(targets, guard.store());
        List<Path> files = new ArrayList<>();
        Instant earliest = targets.stream().map(RebuildTarget::earliest).min(Instant::compareTo).orElse(now);
        if (!targets.isEmpty() && Files.isDirectory(ledgerDir)) {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            for (LocalDate day = LocalDate.ofInstant(earliest, ZoneOffset.UTC); !day.isAfter(today);
                    day = day.plusDays(1)) {
                Path file = ledgerDir.resolve(fileName(day));
                if (Files.isRegularFile(file)) {
                    files.add(file);
                    LedgerLines.read(file, reader);
                }
            }
        }
        Map<String, Amount> totals = new LinkedHashMap<>();
        targets.forEach(t -> totals.put(t.budget().config().name(), t.total()));
        RebuildReport report = new RebuildReport(files, reader.records, reader.matched, reader.malformed, totals,
                Duration.ofNanos(System.nanoTime() - started));
        LOG.info("Budgets rebuilt from the ledger in {} since {}: {}", ledgerDir, earliest, report.summary());
        return report;
    }

    /** The ledger's day file name; the same as the writer's ({@code ledger.DailyFiles}). */
    static String fileName(LocalDate utcDay) {
        return "usage-" + utcDay + ".jsonl";
    }

    /** Reads the lines of one rebuild (single thread) and keeps its counts. */
    private static final class Reader implements LedgerLines.Sink {
        private final LedgerLineParser parser = new LedgerLineParser();
        private final List<RebuildTarget> targets;
        private final BudgetStore store;
        private long records;
        private long matched;
        private long malformed;

        Reader(List<RebuildTarget> targets, BudgetStore store) {
            this.targets = targets;
            this.store = store;
        }

        @Override
        public void line(byte[] buf, int offset, int length) {
            if (blank(buf, offset, length)) {
                return;
            }
            LedgerSpend spend = parse(buf, offset, length);
            if (spend != null) {
                records++;
                if (spend.metered() && chargeAll(spend, targets, store)) {
                    matched++;
                }
            }
        }

        @Override
        public void tooLong() {
            malformed++;
        }

        /**
         * One line's record. A line torn by a crash gets the next process's first record appended to it (the
         * writer opens the file in append mode): the torn part is counted as malformed, and the whole record after
         * it, which starts at the last {@code {"request_id"} (inside a JSON string those quotes would be escaped),
         * is kept.
         */
        private @Nullable LedgerSpend parse(byte[] buf, int offset, int length) {
            LedgerSpend spend = parser.parse(buf, offset, length);
            if (spend != null) {
                return spend;
            }
            malformed++;
            int glued = lastIndexOf(buf, offset, length, RECORD_START);
            return glued > offset ? parser.parse(buf, glued, offset + length - glued) : null;
        }
    }

    private static boolean blank(byte[] buf, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The index of the last occurrence of {@code needle} in the range, or -1. */
    static int lastIndexOf(byte[] buf, int offset, int length, byte[] needle) {
        for (int i = offset + length - needle.length; i >= offset; i--) {
            int j = 0;
            while (j < needle.length && buf[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }

    private static boolean chargeAll(LedgerSpend spend, List<RebuildTarget> targets, BudgetStore store) {
        boolean any = false;
        for (RebuildTarget t : targets) {
            any |= t.charge(spend, store);
        }
        return any;
    }
}
