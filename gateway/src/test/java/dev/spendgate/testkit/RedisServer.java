package dev.spendgate.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free loopback port, without persistence, for one test class. When
 * {@code redis-server} is missing it is installed from Debian's package (as {@code .ci/run} does), so
 * {@code mvn -B verify} works with only a JDK and Maven. {@link #stop} and {@link #start} keep the port, so a test
 * can take Redis away and bring it back (empty) under load.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(int port) throws IOException {
        this.port = port;
        this.log = Files.createTempFile("redis-" + port, ".log");
        start();
    }

    /** The server's output so far, and whether it runs (for failure messages). */
    public String log() {
        try {
            return "alive=" + process.isAlive() + "\n" + Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Installs redis-server if needed and starts it on a free port. */
    public static RedisServer startNew() throws IOException {
        ensureInstalled();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return new RedisServer(port);
    }

    /** The URL of database 0. */
    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** The port. */
    public int port() {
        return port;
    }

    /** Starts the server (again) on the same port and waits until it accepts connections. */
    public synchronized void start() throws IOException {
        process = new ProcessBuilder(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (pong()) {
                return;
            }
            sleep();
        }
        throw new IOException("redis-server did not listen on " + port + " within 10 s");
    }

    /** Whether the server answers PING (a listening port alone may not be Redis serving yet). */
    private boolean pong() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] reply = s.getInputStream().readNBytes(7);
            return new String(reply, java.nio.charset.StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the server (its data is gone) and waits until it exited. */
    public synchronized void stop() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file left behind
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String binary() {
        return Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
    }

    private static synchronized void ensureInstalled() {
        if (onPath()) {
            return;
        }
        try {
            run("apt-get", "update", "-q");
            run("apt-get", "install", "-y", "-q", "redis-server");
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is missing and could not be installed (" + e.getMessage()
                    + "): run .ci/run, or apt-get install -y redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing redis-server", e);
        }
        if (!onPath()) {
            throw new IllegalStateException("redis-server still not on PATH after apt-get install redis-server");
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    private static boolean onPath() {
        String path = System.getenv("PATH");
        return Files.isExecutable(Path.of("/usr/bin/redis-server")) || path != null
                && Arrays.stream(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "redis-server")));
    }
}
