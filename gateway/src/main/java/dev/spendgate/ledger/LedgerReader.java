package dev.spendgate.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ledger files back as JSON trees (for tests and reports). Values stay as written: {@code cost_usd} is a
 * string, to be read with {@code new BigDecimal(node.get("cost_usd").asText())}.
 *
 * <p>A line that is not one whole JSON object (torn by a crash mid-write, or garbage) is skipped and reported,
 * never fatal and never silent: by default as a warning in the log, or to the caller's {@link MalformedLine}
 * consumer. Files written before the writer ended torn lines with a newline may hold a torn line with the next
 * record glued to it; that record, which starts at the line's last {@code {"request_id"} (inside a JSON string
 * those quotes would be escaped), is kept, as the budget rebuild at start-up does.
 */
public final class LedgerReader {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerReader.class);
    /** Strict: {@code {..}{..}} on one line is not a record. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Ledger lines start with this field ({@code request_id} is the record's first component). */
    private static final String RECORD_START = "{\"request_id\"";

    /**
     * A line that was skipped.
     *
     * @param file    the day file
     * @param number  the line number, from 1
     * @param problem why, and whether a record glued to it was kept
     */
    public record MalformedLine(Path file, long number, String problem) {
        @Override
        public String toString() {
            return file + " line " + number + ": " + problem;
        }
    }

    private LedgerReader() {
    }

    /** Every record in every {@code usage-*.jsonl} file of {@code dir}, files in day order; empty if no dir. */
    public static List<JsonNode> readAll(Path dir) throws IOException {
        return readAll(dir, LedgerReader::warn);
    }

    /** As {@link #readAll(Path)}, telling {@code onMalformed} about each skipped line. */
    public static List<JsonNode> readAll(Path dir, Consumer<MalformedLine> onMalformed) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.filter(p -> p.getFileName().toString().matches("usage-\\d{4}-\\d{2}-\\d{2}\\.jsonl"))
                    .sorted()
                    .toList();
        }
        List<JsonNode> all = new ArrayList<>();
        for (Path p : paths) {
            all.addAll(readFile(p, onMalformed));
        }
        return all;
    }

    /** The records of one UTC day; empty when that day has no file. */
    public static List<JsonNode> readDay(Path dir, LocalDate day) throws IOException {
        return readDay(dir, day, LedgerReader::warn);
    }

    /** As {@link #readDay(Path, LocalDate)}, telling {@code onMalformed} about each skipped line. */
    public static List<JsonNode> readDay(Path dir, LocalDate day, Consumer<MalformedLine> onMalformed)
            throws IOException {
        Path p = dir.resolve(DailyFiles.fileName(day));
        return Files.exists(p) ? readFile(p, onMalformed) : List.of();
    }

    private static List<JsonNode> readFile(Path file, Consumer<MalformedLine> onMalformed) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = record(line);
                if (record != null) {
                    out.add(record);
                    continue;
                }
                int glued = line.lastIndexOf(RECORD_START);
                @Nullable JsonNode kept = glued > 0 ? record(line.substring(glued)) : null;
                if (kept != null) {
                    out.add(kept);
                }
                onMalformed.accept(new MalformedLine(file, number, kept != null
                        ? "a torn record (crash mid-write) skipped; the whole record glued after it was kept"
                        : "not a whole JSON record (torn by a crash mid-write, or a write in progress); skipped"));
            }
        }
        return out;
    }

    /** The line's JSON object, or null when it is not exactly one whole object. */
    private static @Nullable JsonNode record(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The default report of a skipped line: a warning in the log. */
    public static void warn(MalformedLine line) {
        LOG.warn("Ledger {}", line);
    }
}
