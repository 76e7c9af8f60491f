package dev.spendgate.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Serialises records as ledger lines ({@link LedgerJson}) into one reused {@link LineBuffer} through one
 * long-lived generator, so a line allocates almost nothing. A record that fails half-way is cut back out of the
 * buffer and the generator is replaced, so the lines before and after it are intact. Not thread-safe: the ledger
 * writer thread owns one.
 */
final class LedgerLines {

    /** Capacity kept between batches: about a thousand typical lines. */
    private static final int MAX_RETAINED = 1 << 20;

    private final LineBuffer buffer;
    private final IsoInstant instants = new IsoInstant();
    private final PlainStrings labels = new PlainStrings();
    private JsonGenerator generator;

    LedgerLines(int initialCapacity) {
        this.buffer = new LineBuffer(initialCapacity, MAX_RETAINED);
        this.generator = newGenerator();
    }

    /** Appends the record's line ({@code \n}-terminated); on failure nothing of it stays in the buffer. */
    void append(UsageRecord record) throws IOException {
        int mark = buffer.size();
        try {
            LedgerJson.write(record, generator, instants, labels);
            generator.flush();
            buffer.write('\n');
        } catch (IOException | RuntimeException e) {
            discardGenerator();
            buffer.truncate(mark);
            throw e;
        }
    }

    /** The lines appended since the last {@link LineBuffer#clear()}. */
    LineBuffer buffer() {
        return buffer;
    }

    /** Replaces a generator left mid-object; closing it gives its buffers back (what it flushes is cut anyway). */
    private void discardGenerator() {
        JsonGenerator old = generator;
        generator = newGenerator();
        try {
            old.close();
        } catch (IOException | RuntimeException ignored) {
            // It was already broken; the new generator does not depend on it.
        }
    }

    private JsonGenerator newGenerator() {
        try {
            JsonGenerator g = LedgerJson.FACTORY.createGenerator(buffer);
            // Lines are separated by the '\n' written above, not by the generator's root separator (a space).
            g.setRootValueSeparator(null);
            return g;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a JSON generator over a byte buffer", e);
        }
    }
}
