package dev.spendgate.report;

import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.config.LedgerConfig;
import dev.spendgate.ledger.AsyncLedgerWriter;
import dev.spendgate.testkit.UsageRecordBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review of a ledger written by the real ledger writer, with numbers chosen by hand. W47 → W48:
 * <ul>
 *   <li>summarize: 100 requests × (1000 in, 250 out) at $0.01 → 150 × (1200 in, 300 out) at $0.02;</li>
 *   <li>classify: 40 × $0.0000419 in both weeks (no change);</li>
 *   <li>no feature header: 10 × $0.05, new in W48, environment staging;</li>
 *   <li>records on 2026-11-15 (W46) and 2026-11-30 (W49) that must be left out.</li>
 * </ul>
 */
class WeeklyReportLedgerTest {

    @TempDir
    static Path ledger;
    @TempDir
    static Path out;

    private static String markdown;
    private static Map<String, Map<String, String>> features;

    @BeforeAll
    static void writeLedgerAndReport() throws Exception {
        try (AsyncLedgerWriter w = new AsyncLedgerWriter(new LedgerConfig(true, ledger, 10_000), Clock.systemUTC(),
                n -> { })) {
            for (int i = 0; i < 100; i++) {
                w.append(summarize("2026-11-18T10:00:00Z", i, "sum-test:control", "gpt-4o-mini")
                        .tokens(800, 200, 0, 0, 250, 0).cost("0.01").build());
            }
            for (int i = 0; i < 150; i++) {
                UsageRecordBuilder b = summarize("2026-11-25T10:00:00Z", i,
                        i < 100 ? "sum-test:control" : "sum-test:treatment", "gpt-4o")
                        .tokens(1000, 150, 50, 0, 300, 40).cost("0.02");
                if (i >= 145) {
                    b.guarded("docs-key", "gpt-4o-mini", "downgrade:free-summarize-daily");
                }
                if (i == 149) {
                    b.outcome("upstream_cut", "estimated");
                }
                w.append(b.build());
            }
            for (String day : List.of("2026-11-17T08:00:00Z", "2026-11-24T08:00:00Z")) {
                for (int i = 0; i < 40; i++) {
                    w.append(aRecord().requestId("c" + day + i).endedAt(Instant.parse(day))
                            .attribution(new Attribution("classify", "trust", "cust-9", "free", "unattributed",
                                    "production", "unattributed"))
                            .target("chat_completions", "openai", "gpt-4.1-nano")
                            .tokens(400, 0, 0, 0, 2, 0).cost("0.0000419").build());
                }
            }
            for (int i = 0; i < 10; i++) {
                w.append(aRecord().requestId("u" + i).endedAt(Instant.parse("2026-11-29T23:59:59Z"))
                        .attribution(new Attribution("unattributed", "unattributed", "unattributed", "unattributed",
                                "unattributed", "staging", "unattributed"))
                        .tokens(100, 0, 0, 0, 100, 0).cost("0.05").build());
            }
            w.append(aRecord().requestId("early").endedAt(Instant.parse("2026-11-15T23:59:59Z")).cost("7").build());
            w.append(aRecord().requestId("late").endedAt(Instant.parse("2026-11-30T00:00:00Z")).cost("9").build());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReportCommand.run(new String[] {"report", "--ledger", ledger.toString(), "--week", "2026-W48",
            "--out", out.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        markdown = Files.readString(out.resolve("spend-review.md"));
        features = csv(out.resolve("features.csv"));
    }

    @Test
    void totalsReconcileToTheCentAndToEveryDecimalWithTheLedger() {
        assertThat(markdown).contains("| spend | $1.00 | $3.50 | +249.6% |")
                .contains("This period: 200 ledger lines, exact spend $3.501676; the feature rows add up to "
                        + "$3.501676. Previous period: 140 lines, $1.001676.");
        assertThat(features.get("classify")).containsEntry("prev_cost_usd", "0.001676")
                .containsEntry("cost_usd", "0.001676").containsEntry("change_usd", "0");
    }

    @Test
    void weekOverWeekChangeOfAFeatureIsDecomposedIntoItsKnownParts() {
        assertThat(features.get("summarize")).containsEntry("prev_requests", "100").containsEntry("requests", "150")
                .containsEntry("prev_input_tokens", "100000").containsEntry("input_tokens", "180000")
                .containsEntry("output_tokens", "45000").containsEntry("cost_usd", "3")
                .containsEntry("change_usd", "2").containsEntry("change_requests_usd", "0.5")
                .containsEntry("change_input_per_request_usd", "0.15")
                .containsEntry("change_output_per_request_usd", "0.15")
                .containsEntry("change_mix_price_usd", "1.2");
        assertThat(markdown).contains("| summarize | $1.00 | $3.00 | +$2.00 | +$0.50 | +$0.15 | +$0.15 | +$1.20 |")
                .as("a feature that appeared owes its spend to requests")
                .contains("| unattributed | $0.00 | $0.50 | +$0.50 | +$0.50 | +$0.00 | +$0.00 | +$0.00 |");
    }

    @Test
    void costPerRequestAndPerSessionByFeature() {
        assertThat(features.get("summarize")).containsEntry("sessions", "30").containsEntry("prev_sessions", "20")
                .containsEntry("cost_per_request_usd", "0.02").containsEntry("cost_per_session_usd", "0.1");
        assertThat(markdown)
                .contains("| summarize | $3.00 | 85.7% | 150 | $0.020000 | 30 | $0.100000 | $1.00 | +200.0% |");
    }

    @Test
    void experimentArmsShowRequestsTokensCostErrorsAndReroutesSideBySide() {
        assertThat(markdown)
                .contains("| sum-test:control | 100 | 1200.0 | 300.0 | $0.020000 | 0.0% | 0.0% | $2.00 |")
                .contains("| sum-test:treatment | 50 | 1200.0 | 300.0 | $0.020000 | 2.0% | 10.0% | $1.00 |");
    }

    @Test
    void modelMixMovesFromMiniToTheLargerModel() {
        // gpt-4o-mini: 5 downgraded summaries ($0.10) and the 10 unattributed requests ($0.50).
        assertThat(markdown).contains("| gpt-4o | 145 | 72.5% | 0.0% | $2.90 | 82.8% | 0.0% |")
                .contains("| gpt-4o-mini | 15 | 7.5% | 71.4% | $0.60 | 17.1% | 99.8% |");
    }

    @Test
    void unattributedSpendAndExpensiveCustomersAreCalledOut() {
        assertThat(markdown).contains("| feature | $0.50 | 14.3% | 0.0% |")
                .contains("| environment | $0.00 | 0.0% | 0.0% |")
                .contains("| cust-1 | $3.00 | 150 | $0.020000 | 1.14 |")
                .contains("| staging | $0.50 | 10 | $0.00 | new |");
    }

    @Test
    void chartsAreWrittenNextToTheDocument() throws Exception {
        assertThat(Files.readString(out.resolve(SvgCharts.FEATURES_FILE))).startsWith("<svg").contains("summarize");
        assertThat(Files.readString(out.resolve(SvgCharts.WATERFALL_FILE))).contains("mix/price")
                .contains("$1.00 → $3.50");
    }

    @Test
    void missingPeriodIsAnArgumentError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReportCommand.run(new String[] {"report", "--ledger", ledger.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--week YYYY-Www or --from and --to");
    }

    private static UsageRecordBuilder summarize(String at, int i, String arm, String model) {
        String session = at.startsWith("2026-11-18") ? "p-" + (i % 20) : "s-" + (i % 30);
        return aRecord().requestId("s" + at + i).endedAt(Instant.parse(at))
                .attribution(new Attribution("summarize", "docs", "cust-1", "pro", arm, "production", session))
                .target("chat_completions", "openai", model);
    }

    private static Map<String, Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.put(cells[0], row);
        }
        return rows;
    }
}
