package dev.spendgate.guard;

import static dev.spendgate.guard.RebuildFixtures.NOW;
import static dev.spendgate.guard.RebuildFixtures.budget;
import static dev.spendgate.guard.RebuildFixtures.day;
import static dev.spendgate.guard.RebuildFixtures.guard;
import static dev.spendgate.guard.RebuildFixtures.spent;
import static dev.spendgate.guard.RebuildFixtures.write;
import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.WindowSpec;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the ledger files: which ones, damaged lines, size. */
class BudgetRebuilderLedgerTest {

    private static final String TODAY_FILE = "usage-2026-07-24.jsonl";

    @TempDir
    Path dir;

    @Test
    void malformedAndHalfWrittenLinesAreSkippedAndCounted() throws Exception {
        write(dir, aRecord().requestId("ok-1").endedAt(NOW.minusSeconds(60)).cost("1").build());
        String whole = Files.readString(dir.resolve(TODAY_FILE));
        try (OutputStream out = Files.newOutputStream(dir.resolve(TODAY_FILE), StandardOpenOption.APPEND)) {
            out.write("not json at all\n\n   \n".getBytes(StandardCharsets.UTF_8));
            out.write("{\"request_id\":\"no-fields\"}\n".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'{', '"', (byte) 0xC3, '\n'}); // torn inside a UTF-8 sequence
            // A crash tore a line; the restarted writer appended its first record right after it.
            String next = whole.replace("ok-1", "ok-2");
            out.write((whole.substring(0, whole.length() / 2) + next).getBytes(StandardCharsets.UTF_8));
            out.write(whole.substring(0, 40).getBytes(StandardCharsets.UTF_8)); // torn last line, no newline
        }
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW, budget("daily", Map.of(), null, day(), "100"));

        RebuildReport report = BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(report.malformed()).as("garbage, missing fields, bad UTF-8, torn+glued, torn last").isEqualTo(5);
        assertThat(report.records()).as("ok-1 and ok-2, recovered from behind the torn line").isEqualTo(2);
        assertThat(spent(guard, "daily", "").usd()).isEqualByComparingTo("2");
    }

    @Test
    void onlyTheDayFilesOfTheCurrentWindowsAreOpened() throws Exception {
        write(dir,
                aRecord().requestId("today").endedAt(NOW.minusSeconds(60)).cost("1").build(),
                aRecord().requestId("week").endedAt(NOW.minus(Duration.ofDays(3))).cost("2").build());
        // Garbage in older files: counted as malformed if they were ever read.
        Files.writeString(dir.resolve("usage-2025-07-24.jsonl"), "last year\n");
        Files.writeString(dir.resolve("usage-2026-07-19.jsonl"), "last week\n");
        Files.writeString(dir.resolve("usage-2026-07-25.jsonl"), "tomorrow\n");
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW, budget("daily", Map.of(), null, day(), "100"),
                budget("weekly", Map.of(), null, new WindowSpec(WindowSpec.Kind.WEEK, null), "100"));

        RebuildReport report = BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(report.files()).extracting(p -> p.getFileName().toString())
                .as("the week began on Monday 2026-07-20").containsExactly("usage-2026-07-21.jsonl", TODAY_FILE);
        assertThat(report.malformed()).isZero();
        assertThat(spent(guard, "weekly", "").usd()).isEqualByComparingTo("3");
        assertThat(spent(guard, "daily", "").usd()).isEqualByComparingTo("1");
    }

    @Test
    void missingLedgerFolderOrNoBudgetsReadsNothing() throws Exception {
        BudgetGuard none = guard(ZoneOffset.UTC, NOW);
        write(dir, aRecord().requestId("r").endedAt(NOW.minusSeconds(1)).cost("1").build());
        assertThat(BudgetRebuilder.rebuild(none, dir, NOW).files()).isEmpty();

        BudgetGuard daily = guard(ZoneOffset.UTC, NOW, budget("daily", Map.of(), null, day(), "100"));
        RebuildReport report = BudgetRebuilder.rebuild(daily, dir.resolve("absent"), NOW);
        assertThat(report.records()).isZero();
        assertThat(report.budgets()).containsEntry("daily", Amount.ZERO);
    }

    @Test
    void twoHundredThousandLinesRebuildWithinSeconds() throws Exception {
        write(dir, aRecord().requestId("template").endedAt(NOW.minusSeconds(60)).customerSession("c", "s")
                .tokens(1000, 0, 0, 0, 200, 0).cost("0.0003").build());
        String template = Files.readString(dir.resolve(TODAY_FILE)).strip();
        int lines = 200_000;
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(TODAY_FILE))) {
            for (int i = 0; i < lines; i++) {
                w.write(template.replace("\"customer\":\"c\"", "\"customer\":\"c" + i % 1000 + "\""));
                w.write('\n');
            }
        }
        BudgetGuard guard = guard(ZoneOffset.UTC, NOW, budget("daily", Map.of(), null, day(), "1000"),
                budget("per-customer", Map.of(), Dimension.CUSTOMER, day(), "1"),
                budget("hourly", Map.of(), null, new WindowSpec(WindowSpec.Kind.ROLLING, Duration.ofHours(1)), "9"));

        RebuildReport report = BudgetRebuilder.rebuild(guard, dir, NOW);

        assertThat(report.matched()).isEqualTo(lines);
        assertThat(spent(guard, "daily", "").usd()).isEqualByComparingTo("60");
        assertThat(spent(guard, "per-customer", "c7").tokens()).isEqualTo(200L * 1200);
        assertThat(report.elapsed()).as("1 M lines in seconds: 200 k well within 20 s even on a busy CI box")
                .isLessThan(Duration.ofSeconds(20));
    }
}
