package dev.spendgate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The byte-exact provider fixtures under {@code src/test/resources/wire/} (copied from the shared reference). */
public final class WireFixtures {

    private WireFixtures() {
    }

    /** The exact bytes of a fixture file. */
    public static byte[] bytes(String name) {
        try (InputStream in = WireFixtures.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture as UTF-8 text. */
    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
