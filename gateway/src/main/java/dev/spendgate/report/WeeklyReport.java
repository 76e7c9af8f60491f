package dev.spendgate.report;

import dev.spendgate.ledger.LedgerReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ledger of a reported period and of the period before it, and the breakdowns the review shows.
 *
 * @param period       the reported period
 * @param previous     the period it is compared with
 * @param before       the previous period's entries
 * @param after        the reported period's entries
 * @param outputWeight output weight of the change decomposition
 */
public record WeeklyReport(ReportPeriod period, ReportPeriod previous, List<LedgerEntry> before,
        List<LedgerEntry> after, BigDecimal outputWeight) {

    /**
     * Reads the ledger files of both periods from {@code ledgerDir} (a missing day has no file: no spend); lines
     * that are not records are skipped and logged as warnings.
     */
    public static WeeklyReport read(Path ledgerDir, ReportPeriod period, BigDecimal outputWeight) throws IOException {
        return read(ledgerDir, period, outputWeight, LedgerReader::warn);
    }

    /** As {@link #read(Path, ReportPeriod, BigDecimal)}, telling {@code onMalformed} of skipped lines. */
    public static WeeklyReport read(Path ledgerDir, ReportPeriod period, BigDecimal outputWeight,
            Consumer<LedgerReader.MalformedLine> onMalformed) throws IOException {
        ReportPeriod previous = period.previous();
        return new WeeklyReport(period, previous, entries(ledgerDir, previous, onMalformed),
                entries(ledgerDir, period, onMalformed), outputWeight);
    }

    /** Totals of the previous period. */
    public Totals totalBefore() {
        return totals(before);
    }

    /** Totals of the reported period. */
    public Totals totalAfter() {
        return totals(after);
    }

    /** The change of the whole spend, decomposed. */
    public ChangeDecomposition totalChange() {
        return ChangeDecomposition.of(totalBefore(), totalAfter(), outputWeight);
    }

    /** By feature. */
    public Breakdown features() {
        return Breakdown.of(before, after, LedgerEntry::feature);
    }

    /** By model sent upstream. */
    public Breakdown models() {
        return Breakdown.of(before, after, LedgerEntry::model);
    }

    /** By experiment arm (including {@code unattributed}: traffic in no experiment). */
    public Breakdown experiments() {
        return Breakdown.of(before, after, LedgerEntry::experiment);
    }

    /** By tier / segment. */
    public Breakdown tiers() {
        return Breakdown.of(before, after, LedgerEntry::tier);
    }

    /** By environment. */
    public Breakdown environments() {
        return Breakdown.of(before, after, LedgerEntry::environment);
    }

    /** By team. */
    public Breakdown teams() {
        return Breakdown.of(before, after, LedgerEntry::team);
    }

    /** By customer. */
    public Breakdown customers() {
        return Breakdown.of(before, after, LedgerEntry::customer);
    }

    private static Totals totals(List<LedgerEntry> entries) {
        Totals t = new Totals();
        entries.forEach(t::add);
        return t;
    }

    private static List<LedgerEntry> entries(Path dir, ReportPeriod p,
            Consumer<LedgerReader.MalformedLine> onMalformed) throws IOException {
        List<LedgerEntry> out = new ArrayList<>();
        for (LocalDate d = p.from(); !d.isAfter(p.to()); d = d.plusDays(1)) {
            LedgerReader.readDay(dir, d, onMalformed).forEach(n -> out.add(LedgerEntry.of(n)));
        }
        return List.copyOf(out);
    }
}
