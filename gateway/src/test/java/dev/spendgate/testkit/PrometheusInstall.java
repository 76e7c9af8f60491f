package dev.spendgate.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure {@code prometheus} and {@code promtool} are on the machine, so that {@code mvn -B verify} works on a
 * fresh machine with only a JDK and Maven: when missing, they are installed from Debian's {@code prometheus}
 * package (as {@code .ci/run} does). Fails with a clear message when that is not possible.
 */
public final class PrometheusInstall {

    private PrometheusInstall() {
    }

    /** Installs Debian's prometheus package when {@code prometheus} or {@code promtool} is missing. */
    public static synchronized void ensure() {
        if (onPath("prometheus") && onPath("promtool")) {
            return;
        }
        try {
            run("apt-get", "update", "-q");
            run("apt-get", "install", "-y", "-q", "prometheus");
        } catch (IOException e) {
            throw new IllegalStateException("prometheus is missing and could not be installed (" + e.getMessage()
                    + "): run .ci/run, or apt-get install -y prometheus", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing prometheus", e);
        }
        if (!onPath("prometheus") || !onPath("promtool")) {
            throw new IllegalStateException("prometheus/promtool still not on PATH after apt-get install prometheus");
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return Files.isExecutable(Path.of("/usr/bin", tool)) || path != null
                && Arrays.stream(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
