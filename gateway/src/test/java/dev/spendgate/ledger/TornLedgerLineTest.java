package dev.spendgate.ledger;

import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.config.LedgerConfig;
import dev.spendgate.report.ReportCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A day file whose last line was torn by a crash mid-write must not cost the next record. */
class TornLedgerLineTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-25");
    private static final String TORN = "{\"request_id\":\"torn\",\"started_at\":\"2026-11-25T09:59:59Z\",\"feat";

    @TempDir
    Path dir;

    private Path dayFile() {
        return dir.resolve(DailyFiles.fileName(DAY));
    }

    /** Writes the records with a real writer (a new process each call: the file is opened anew). */
    private void write(String... ids) {
        try (AsyncLedgerWriter w = new AsyncLedgerWriter(new LedgerConfig(true, dir, 100), Clock.systemUTC(),
                n -> { })) {
            for (String id : ids) {
                w.append(aRecord().requestId(id).endedAt(AT).cost("0.25").build());
            }
        }
    }

    private static List<String> ids(List<JsonNode> records) {
        return records.stream().map(n -> n.get("request_id").asText()).toList();
    }

    @Test
    void writerStartsANewLineAfterATornOneSoTheNextRecordStaysWhole() throws Exception {
        write("first");
        Files.writeString(dayFile(), TORN, StandardOpenOption.APPEND);

        write("next");

        List<String> lines = Files.readAllLines(dayFile());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).as("the torn line stays alone").isEqualTo(TORN);
        assertThat(lines.get(2)).startsWith("{\"request_id\":\"next\"").endsWith("}");
        List<LedgerReader.MalformedLine> malformed = new ArrayList<>();
        assertThat(ids(LedgerReader.readDay(dir, DAY, malformed::add))).containsExactly("first", "next");
        assertThat(malformed).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(2);
            assertThat(m.problem()).startsWith("not a whole JSON record");
        });
    }

    @Test
    void writerAddsNothingToAFileThatEndsWithANewline() throws Exception {
        write("first");
        write("second");

        assertThat(Files.readString(dayFile())).doesNotContain("\n\n").endsWith("}\n");
        assertThat(DailyFiles.endsWithoutNewline(dayFile())).isFalse();
        assertThat(DailyFiles.endsWithoutNewline(dir.resolve("missing.jsonl"))).isFalse();
    }

    @Test
    void readerKeepsARecordGluedToATornLineByAnOlderWriter() throws Exception {
        write("first", "glued", "third");
        List<String> lines = Files.readAllLines(dayFile());
        // What the writer did before it ended torn lines: the next record appended on the same line.
        Files.writeString(dayFile(), lines.get(0) + "\n" + TORN + lines.get(1) + "\n" + lines.get(2) + "\n");

        List<LedgerReader.MalformedLine> malformed = new ArrayList<>();
        assertThat(ids(LedgerReader.readAll(dir, malformed::add))).containsExactly("first", "glued", "third");
        assertThat(malformed).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(2);
            assertThat(m.problem()).contains("glued after it was kept");
        });
    }

    @Test
    void reportCountsTheIntactRecordAndWarnsAboutTheTornLine() throws Exception {
        write("first");
        Files.writeString(dayFile(), TORN, StandardOpenOption.APPEND);
        write("next");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path out = dir.resolve("out");

        int code = ReportCommand.run(new String[] {"report", "--ledger", dir.toString(), "--from", DAY.toString(),
            "--to", DAY.toString(), "--out", out.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("warning: ledger " + dayFile() + " line 2: not a whole JSON record")
                .contains("warning: 1 malformed ledger line(s) skipped");
        assertThat(Files.readString(out.resolve("spend-review.md"))).as("both whole records are in the review")
                .contains("$0.50");
    }
}
