package dev.spendgate.guard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
    private static final String RECORD_START = "{\"request_id\"";

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
        Counts counts = new Counts();
        List<Path> files = new ArrayList<>();
        Instant earliest = targets.stream().map(RebuildTarget::earliest).min(Instant::compareTo).orElse(now);
        if (!targets.isEmpty() && Files.isDirectory(ledgerDir)) {
            LedgerLineParser parser = new LedgerLineParser();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            for (LocalDate day = LocalDate.ofInstant(earliest, ZoneOffset.UTC); !day.isAfter(today);
                    day = day.plusDays(1)) {
                Path file = ledgerDir.resolve(fileName(day));
                if (Files.isRegularFile(file)) {
                    files.add(file);
                    read(file, parser, targets, guard.store(), counts);
                }
            }
        }
        Map<String, Amount> totals = new LinkedHashMap<>();
        targets.forEach(t -> totals.put(t.budget().config().name(), t.total()));
        RebuildReport report = new RebuildReport(files, counts.records, counts.matched, counts.malformed, totals,
                Duration.ofNanos(System.nanoTime() - started));
        LOG.info("Budgets rebuilt from the ledger in {} since {}: {}", ledgerDir, earliest, report.summary());
        return report;
    }

    /** The ledger's day file name; the same as the writer's ({@code ledger.DailyFiles}). */
    static String fileName(LocalDate utcDay) {
        return "usage-" + utcDay + ".jsonl";
    }

    /** Running totals of one rebuild. */
    private static final class Counts {
        private long records;
        private long matched;
        private long malformed;
    }

    private static void read(Path file, LedgerLineParser parser, List<RebuildTarget> targets, BudgetStore store,
            Counts counts) throws IOException {
        // InputStreamReader replaces bad bytes (a write torn inside a UTF-8 sequence) instead of throwing, as
        // Files.newBufferedReader would; the line then fails to parse and is counted like any torn line.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    LedgerSpend spend = parse(line, parser, counts);
                    if (spend != null) {
                        counts.records++;
                        if (spend.metered() && chargeAll(spend, targets, store)) {
                            counts.matched++;
                        }
                    }
                }
            }
        }
    }

    /**
     * One line's record. A line torn by a crash gets the next process's first record appended to it (the writer
     * opens the file in append mode): the torn part is counted as malformed, and the whole record after it, which
     * starts at the last {@code {"request_id"} (inside a JSON string that text would be escaped), is kept.
     */
    private static @Nullable LedgerSpend parse(String line, LedgerLineParser parser, Counts counts) {
        LedgerSpend spend = parser.parse(line);
        if (spend != null) {
            return spend;
        }
        counts.malformed++;
        int glued = line.lastIndexOf(RECORD_START);
        return glued > 0 ? parser.parse(line.substring(glued)) : null;
    }

    private static boolean chargeAll(LedgerSpend spend, List<RebuildTarget> targets, BudgetStore store) {
        boolean any = false;
        for (RebuildTarget t : targets) {
            any |= t.charge(spend, store);
        }
        return any;
    }
}
