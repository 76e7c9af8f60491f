package dev.spendgate.ledger;

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
import java.util.stream.Stream;

/**
 * Reads ledger files back as JSON trees (for tests and reports). Values stay as written: {@code cost_usd} is a
 * string, to be read with {@code new BigDecimal(node.get("cost_usd").asText())}.
 */
public final class LedgerReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LedgerReader() {
    }

    /** Every record in every {@code usage-*.jsonl} file of {@code dir}, files in day order; empty if no dir. */
    public static List<JsonNode> readAll(Path dir) throws IOException {
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
            all.addAll(readFile(p));
        }
        return all;
    }

    /** The records of one UTC day; empty when that day has no file. */
    public static List<JsonNode> readDay(Path dir, LocalDate day) throws IOException {
        Path p = dir.resolve(DailyFiles.fileName(day));
        return Files.exists(p) ? readFile(p) : List.of();
    }

    /** The records of one file. A torn last line (crash mid-write) is skipped, not fatal. */
    private static List<JsonNode> readFile(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(MAPPER.readTree(line));
                } catch (IOException torn) {
                    if (in.ready()) {
                        throw torn;
                    }
                }
            }
        }
        return out;
    }
}
