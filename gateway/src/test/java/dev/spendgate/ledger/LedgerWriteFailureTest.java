package dev.spendgate.ledger;

import static dev.spendgate.testkit.UsageRecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spendgate.config.LedgerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerWriteFailureTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private final AtomicLong drops = new AtomicLong();

    @Test
    void deletedFolderIsRecreatedAndLaterRecordsAreWritten() throws Exception {
        Path dir = tmp.resolve("ledger");
        try (AsyncLedgerWriter ledger = new AsyncLedgerWriter(new LedgerConfig(true, dir, 100), Clock.systemUTC(),
                drops::addAndGet)) {
            ledger.append(aRecord().requestId("first").build());
            await().atMost(BOUND).until(() -> LedgerReader.readAll(dir).size() == 1);

            deleteTree(dir);
            ledger.append(aRecord().requestId("second").build());
            await().atMost(BOUND).until(() -> LedgerReader.readAll(dir).size() == 1);
        }

        assertThat(LedgerReader.readAll(dir)).extracting(n -> n.get("request_id").asText())
                .as("the open file was gone, so the writer reopened a new one").containsExactly("second");
        assertThat(drops).hasValue(0);
    }

    @Test
    void unwritableFolderCountsDropsAndWriterRecoversWhenItIsFixed() throws Exception {
        Path dir = tmp.resolve("ledger");
        Files.writeString(dir, "a file where the folder should be");
        try (AsyncLedgerWriter ledger = new AsyncLedgerWriter(new LedgerConfig(true, dir, 100), Clock.systemUTC(),
                drops::addAndGet)) {
            assertThat(ledger.append(aRecord().requestId("lost-1").build())).isTrue();
            assertThat(ledger.append(aRecord().requestId("lost-2").build())).isTrue();
            await().atMost(BOUND).untilAsserted(() -> assertThat(drops).hasValue(2));

            Files.delete(dir);
            ledger.append(aRecord().requestId("kept").build());
            await().atMost(BOUND).until(() -> LedgerReader.readAll(dir).size() == 1);
        }

        assertThat(LedgerReader.readAll(dir)).extracting(n -> n.get("request_id").asText()).containsExactly("kept");
        assertThat(drops).hasValue(2);
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
