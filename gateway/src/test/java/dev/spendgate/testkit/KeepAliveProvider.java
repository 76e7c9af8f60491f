package dev.spendgate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-like provider on a raw socket that keeps connections alive and counts them: each connection serves
 * requests one after another with a canned chat.completion (Content-Length framed). It can drop a connection
 * instead of answering the next request (a keep-alive connection the server closed as a request arrived), and
 * delay every answer (to hold connections busy). WireMock hides its connections; this shows them.
 */
public final class KeepAliveProvider implements AutoCloseable {

    /** The canned answer: 12 input and 3 output tokens. */
    public static final String COMPLETION = "{\"id\":\"chatcmpl-ka\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,"
            + "\"completion_tokens\":3,\"total_tokens\":15}}";

    private final SocketServer server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger mostBusy = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean dropNext = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long delayMillis;

    private KeepAliveProvider() {
        server = new SocketServer("keepalive-provider", socket -> {
            connections.incrementAndGet();
            serve(socket);
        });
    }

    /** Starts on a free loopback port. */
    public static KeepAliveProvider start() {
        return new KeepAliveProvider();
    }

    /** The OpenAI base URL (ending in /v1). */
    public String openAiBaseUrl() {
        return server.baseUrl() + "/v1";
    }

    /** The next request to arrive (on whichever connection) is not answered: its connection closes instead. */
    public void dropNextRequest() {
        dropNext.set(true);
    }

    /** Every answer waits this long. */
    public void delay(long millis) {
        delayMillis = millis;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Requests received so far (dropped ones included). */
    public int requests() {
        return requests.get();
    }

    /** The most requests that were being answered at the same time. */
    public int mostConcurrent() {
        return mostBusy.get();
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = RawHttp.head(in);
                if (!head.endsWith("\r\n\r\n")) {
                    return;
                }
                in.readNBytes(RawHttp.contentLength(head));
                requests.incrementAndGet();
                if (dropNext.compareAndSet(true, false)) {
                    return;
                }
                mostBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
                try {
                    if (delayMillis > 0) {
                        Thread.sleep(delayMillis);
                    }
                } finally {
                    busy.decrementAndGet();
                }
                byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // the gateway closed the connection: nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
