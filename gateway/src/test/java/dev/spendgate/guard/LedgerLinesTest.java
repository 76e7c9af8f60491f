package dev.spendgate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerLinesTest {

    @TempDir
    Path dir;

    /** Collects what the reader delivers. */
    private static final class Collected implements LedgerLines.Sink {
        final List<String> lines = new ArrayList<>();
        int tooLong;

        @Override
        public void line(byte[] buf, int offset, int length) {
            lines.add(new String(buf, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void tooLong() {
            tooLong++;
        }
    }

    @Test
    void linesAcrossBufferRefillsArriveWholeAndInOrder() throws Exception {
        List<String> written = new ArrayList<>();
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            String line = "line-" + i + "-" + "x".repeat(i % 700);
            written.add(line);
            file.append(line).append('\n');
        }
        Path p = dir.resolve("f");
        Files.writeString(p, file);
        assertThat(Files.size(p)).as("spans several buffer fills").isGreaterThan(LedgerLines.MAX_LINE);

        Collected c = new Collected();
        LedgerLines.read(p, c);

        assertThat(c.lines).isEqualTo(written);
        assertThat(c.tooLong).isZero();
    }

    @Test
    void overlongLineIsSkippedWhileItsNeighboursAndATornLastLineArrive() throws Exception {
        Path p = dir.resolve("f");
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write("before\n".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[LedgerLines.MAX_LINE * 2 + 17]); // no newline for over two buffers
            out.write("\nafter\n\ntorn".getBytes(StandardCharsets.UTF_8));
        }

        Collected c = new Collected();
        LedgerLines.read(p, c);

        assertThat(c.lines).containsExactly("before", "after", "", "torn");
        assertThat(c.tooLong).isEqualTo(1);
    }
}
