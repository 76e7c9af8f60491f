package dev.spendgate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Test client for the simulator: no pooling, no retries, short timeouts; keeps partial bodies of cut streams. */
final class SimClient {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;

    SimClient(String baseUrl) {
        this.http = HttpClient.create(ConnectionProvider.newConnection()).baseUrl(baseUrl)
                .responseTimeout(Duration.ofSeconds(8));
    }

    static Map<String, String> openAi() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer test-key");
        headers.put("content-type", "application/json");
        return headers;
    }

    static Map<String, String> anthropic() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", "test-key");
        headers.put("anthropic-version", "2023-06-01");
        headers.put("content-type", "application/json");
        return headers;
    }

    static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    Reply post(String path, String json, Map<String, String> headers) {
        return exchange(path, json, headers, TIMEOUT);
    }

    Reply get(String path, Map<String, String> headers) {
        return exchange(path, null, headers, TIMEOUT);
    }

    /** Like {@link #post} but fails with a TimeoutException when the whole answer takes longer than {@code limit}. */
    Reply post(String path, String json, Map<String, String> headers, Duration limit) {
        return exchange(path, json, headers, limit);
    }

    private Reply exchange(String path, @Nullable String json, Map<String, String> headers, Duration limit) {
        HttpClient client = http.headers(h -> headers.forEach(h::set));
        HttpClient.ResponseReceiver<?> receiver = json == null ? client.get().uri(path)
                : client.post().uri(path).send(ByteBufFlux.fromString(Mono.just(json)));
        return receiver.response((res, body) -> {
            StringBuilder text = new StringBuilder();
            Throwable[] error = new Throwable[1];
            return body.asString(StandardCharsets.UTF_8).doOnNext(text::append).then()
                    .onErrorResume(e -> {
                        error[0] = e;
                        return Mono.empty();
                    })
                    .then(Mono.fromSupplier(() -> new Reply(res.status().code(), res.responseHeaders(),
                            text.toString(), error[0])));
        }).next().block(limit);
    }

    /** One answer; {@code error} is set when the body ended abnormally (e.g. a cut connection). */
    record Reply(int status, HttpHeaders headers, String body, @Nullable Throwable error) {

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The SSE events of the body, blank-line framed; {@code event} is null for data-only events. */
        List<Sse> events() {
            List<Sse> events = new ArrayList<>();
            for (String block : body.split("\n\n")) {
                String event = null;
                StringBuilder data = new StringBuilder();
                for (String line : block.split("\n")) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    }
                }
                if (event != null || data.length() > 0) {
                    events.add(new Sse(event, data.toString()));
                }
            }
            return events;
        }
    }

    /** One SSE event. */
    record Sse(@Nullable String event, String data) {

        JsonNode json() {
            try {
                return MAPPER.readTree(data);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
