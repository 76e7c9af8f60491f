package dev.spendgate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A provider on a raw socket that answers every request with the same bytes, written as they are, and then closes
 * the connection (with a reset instead of a clean close when asked). It sends what no HTTP library would: broken
 * status lines, conflicting framing, control characters in headers, bodies that do not match their encoding, or a
 * body cut off after its head.
 */
public final class RawResponseProvider implements AutoCloseable {

    /**
     * What the following responses are.
     *
     * @param bytes the whole response, head and (part of the) body
     * @param reset close with a TCP reset (SO_LINGER 0) instead of a clean close
     */
    public record Answer(byte[] bytes, boolean reset) {

        /** {@code text} (ISO-8859-1, so any byte can be written) followed by a clean close. */
        public static Answer of(String text) {
            return new Answer(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), false);
        }
    }

    private final SocketServer server;
    private final AtomicReference<Answer> answer = new AtomicReference<>(Answer.of(""));
    private final AtomicInteger requests = new AtomicInteger();

    private RawResponseProvider() {
        server = new SocketServer("raw-response-provider", this::serve);
    }

    /** Starts on a free loopback port. */
    public static RawResponseProvider start() {
        return new RawResponseProvider();
    }

    /** Sets what the following responses are. */
    public void next(Answer next) {
        answer.set(next);
    }

    /** Requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** The base URL (host root). */
    public String baseUrl() {
        return server.baseUrl();
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = RawHttp.head(in);
            if (!head.endsWith("\r\n\r\n")) {
                return;
            }
            in.readNBytes(RawHttp.contentLength(head));
            requests.incrementAndGet();
            Answer a = answer.get();
            OutputStream out = socket.getOutputStream();
            out.write(a.bytes());
            out.flush();
            if (a.reset()) {
                // Give the gateway time to read what was sent: a reset can discard unread bytes.
                Thread.sleep(200);
                socket.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // the gateway went away first: nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
