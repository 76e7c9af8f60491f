package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spendgate.stream.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: wire fixtures from src/test/resources/wire, JSON trees and a plain SSE frame splitter. */
final class Fixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    static byte[] bytes(String fixture) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wire/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("missing fixture " + fixture);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(byte[] bytes) {
        return json(new String(bytes, StandardCharsets.UTF_8));
    }

    /** The events of an LF-framed SSE text (enough for translator output and OpenAI/Anthropic fixtures). */
    static List<SseEvent> events(String sse) {
        List<SseEvent> events = new ArrayList<>();
        for (String frame : sse.split("\n\n")) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : frame.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(6));
                }
            }
            if (data.length() > 0) {
                events.add(new SseEvent(name, data.toString()));
            }
        }
        return events;
    }

    static List<SseEvent> fixtureEvents(String fixture) {
        return events(new String(bytes(fixture), StandardCharsets.UTF_8));
    }
}
