package dev.spendgate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A provider on a raw socket whose SSE responses are scripted per test: chunks written and flushed one by one
 * (HTTP/1.1 chunked encoding), optionally held open until released, optionally cut (socket closed without the
 * terminating chunk). WireMock cannot cut a stream half-way or wait for a test signal; this can.
 */
public final class ScriptedProvider implements AutoCloseable {

    /**
     * What the following responses do.
     *
     * @param chunks   SSE text written in order, each flushed as its own HTTP chunk
     * @param holdOpen after the chunks, wait (at most 15 s) for {@link #release()}
     * @param cut      then close the socket without the terminating chunk
     */
    public record Script(List<String> chunks, boolean holdOpen, boolean cut) {
    }

    private final SocketServer server;
    private final AtomicReference<Script> script = new AtomicReference<>(new Script(List.of(), false, false));
    private final AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(1));
    private final AtomicReference<String> lastRequest = new AtomicReference<>("");
    private final AtomicReference<String> contentType = new AtomicReference<>("text/event-stream");
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger closedByGateway = new AtomicInteger();

    private ScriptedProvider() {
        server = new SocketServer("scripted-provider", this::serve);
    }

    /** Starts on a free loopback port. */
    public static ScriptedProvider start() {
        return new ScriptedProvider();
    }

    /** Sets what the following responses do. */
    public void next(Script next) {
        release.set(new CountDownLatch(1));
        script.set(next);
    }

    /** Sets the Content-Type of the following responses ({@code text/event-stream} by default). */
    public void contentType(String type) {
        contentType.set(type);
    }

    /** How many requests were received so far. */
    public int requests() {
        return requests.get();
    }

    /** Lets a held-open response go on. */
    public void release() {
        release.get().countDown();
    }

    /** The head and body of the last request received. */
    public String lastRequest() {
        return lastRequest.get();
    }

    /** The base URL (host root). */
    public String baseUrl() {
        return server.baseUrl();
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = RawHttp.head(in);
            int length = RawHttp.contentLength(head);
            byte[] body = in.readNBytes(length);
            lastRequest.set(head + new String(body, StandardCharsets.UTF_8));
            requests.incrementAndGet();
            Script s = script.get();
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType.get() + "\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String chunk : s.chunks()) {
                byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            if (s.holdOpen() && !awaitReleaseOrGatewayClose(socket, in)) {
                return;
            }
            if (!s.cut()) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the gateway went away first: nothing to do
        }
    }

    /**
     * Holds the response open until {@link #release()} (at most 15 s), watching the connection: false when the
     * gateway closed it first (counted in {@link #closedByGateway()}).
     */
    private boolean awaitReleaseOrGatewayClose(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout(20);
        CountDownLatch released = release.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (released.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                if (in.read() < 0) {
                    closedByGateway.incrementAndGet();
                    return false;
                }
            } catch (SocketTimeoutException e) {
                // still open: keep waiting
            } catch (IOException e) {
                closedByGateway.incrementAndGet();
                return false;
            }
        }
        return true;
    }

    /** Held responses whose connection the gateway closed before {@link #release()}. */
    public int closedByGateway() {
        return closedByGateway.get();
    }

    @Override
    public void close() {
        release();
        server.close();
    }
}
