package dev.spendgate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * A loopback server socket on a free port for the test providers that speak HTTP by hand: each accepted
 * connection is served by {@code serve} on its own daemon thread until {@link #close()}.
 */
final class SocketServer implements AutoCloseable {

    private final ServerSocket server;

    SocketServer(String name, Consumer<Socket> serve) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> acceptLoop(name, serve), name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The base URL of the host root, e.g. {@code http://127.0.0.1:40123}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop(String name, Consumer<Socket> serve) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve.accept(socket), name + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
