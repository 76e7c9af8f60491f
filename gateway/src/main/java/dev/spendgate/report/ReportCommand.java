package dev.spendgate.report;

import dev.spendgate.ledger.LedgerReader;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code report} command: the weekly spend review from the usage ledger, as files a person can read without
 * Grafana.
 *
 * <pre>
 *   java -jar gateway.jar report --ledger DIR --week 2026-W48 [--out DIR] [--output-weight 4]
 *   java -jar gateway.jar report --ledger DIR --from 2026-11-23 --to 2026-11-29 [--out DIR]
 * </pre>
 * Writes {@code spend-review.md}, one CSV per breakdown ({@code features.csv}, {@code models.csv},
 * {@code experiments.csv}, {@code tiers.csv}, {@code customers.csv}, {@code teams.csv},
 * {@code environments.csv}) and two SVG charts into the output folder (default {@code report-<period>}).
 * Exit codes: 0 written, 1 I/O error, 2 invalid arguments.
 */
public final class ReportCommand {

    static final String USAGE = """
            usage: java -jar gateway.jar report --ledger DIR (--week YYYY-Www | --from YYYY-MM-DD --to YYYY-MM-DD)
                                                [--out DIR] [--output-weight N]""";

    private ReportCommand() {
    }

    /** Runs the command; {@code args[0]} is {@code report}. Returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("unexpected argument: " + args[i]);
                err.println(USAGE);
                return 2;
            }
            opts.put(args[i], args[++i]);
        }
        ReportPeriod period;
        BigDecimal weight;
        try {
            period = period(opts);
            weight = new BigDecimal(opts.getOrDefault("--output-weight", "4"));
            if (weight.signum() < 0) {
                throw new IllegalArgumentException("--output-weight: " + weight + " (expected: >= 0)");
            }
            if (!opts.containsKey("--ledger")) {
                throw new IllegalArgumentException("--ledger: missing (expected: the ledger folder)");
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path outDir = Path.of(opts.getOrDefault("--out", "report-" + period.label()));
        List<LedgerReader.MalformedLine> malformed = new ArrayList<>();
        try {
            WeeklyReport report = WeeklyReport.read(Path.of(opts.get("--ledger")), period, weight, malformed::add);
            write(report, outDir);
        } catch (IOException | RuntimeException e) {
            err.println("report failed: " + e);
            return 1;
        }
        // Skipped lines are not spend the review can show: say so, so a torn ledger is never lost silently.
        malformed.forEach(m -> err.println("warning: ledger " + m));
        if (!malformed.isEmpty()) {
            err.println("warning: " + malformed.size() + " malformed ledger line(s) skipped; the review leaves them"
                    + " out");
        }
        out.println("spend review " + period.label() + " written to " + outDir.resolve("spend-review.md"));
        return 0;
    }

    /** Writes every file of the review into {@code dir} (created if needed). */
    public static void write(WeeklyReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        BigDecimal w = report.outputWeight();
        Map<String, String> files = new HashMap<>();
        files.put("spend-review.md", MarkdownReport.of(report));
        files.put("features.csv", CsvReport.of(report.features(), w));
        files.put("models.csv", CsvReport.of(report.models(), w));
        files.put("experiments.csv", CsvReport.of(report.experiments(), w));
        files.put("tiers.csv", CsvReport.of(report.tiers(), w));
        files.put("customers.csv", CsvReport.of(report.customers(), w));
        files.put("teams.csv", CsvReport.of(report.teams(), w));
        files.put("environments.csv", CsvReport.of(report.environments(), w));
        files.put(SvgCharts.FEATURES_FILE, SvgCharts.features(report));
        files.put(SvgCharts.WATERFALL_FILE, SvgCharts.waterfall(report));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static ReportPeriod period(Map<String, String> opts) {
        if (opts.containsKey("--week")) {
            if (opts.containsKey("--from") || opts.containsKey("--to")) {
                throw new IllegalArgumentException("--week: give either --week or --from/--to, not both");
            }
            return ReportPeriod.isoWeek(opts.get("--week"));
        }
        if (!opts.containsKey("--from") || !opts.containsKey("--to")) {
            throw new IllegalArgumentException("period: missing (expected: --week YYYY-Www or --from and --to)");
        }
        return ReportPeriod.dates(LocalDate.parse(opts.get("--from")), LocalDate.parse(opts.get("--to")));
    }
}
