package dev.spendgate;

import dev.spendgate.config.ConfigException;
import dev.spendgate.config.ConfigLoader;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.demo.DemoMode;
import dev.spendgate.report.ReportCommand;
import dev.spendgate.server.CannotListenException;
import dev.spendgate.server.GatewayServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point: wiring only (parse arguments, load and validate config, start, wait, shut down on SIGTERM).
 *
 * <pre>
 *   java -jar gateway.jar --config config/gateway.yaml   run the gateway
 *   java -jar gateway.jar --config FILE --check          validate a config and exit
 *   java -jar gateway.jar demo                           gateway + simulated providers + traffic (no keys)
 * </pre>
 * Exit codes: 0 normal stop, 2 invalid config or arguments.
 */
public final class GatewayMain {

    private static final String USAGE = """
            usage: java -jar gateway.jar --config FILE [--check]
                   java -jar gateway.jar demo [--rps N]
                   java -jar gateway.jar report --ledger DIR (--week YYYY-Www | --from DATE --to DATE) [--out DIR]
              --config FILE  the YAML config (see config/gateway.yaml); ${VAR} references come from the environment
              --check        validate the config, print every problem, and exit
              demo           start simulated OpenAI/Anthropic providers and traffic; metrics on the admin port
              report         the weekly spend review from the usage ledger (Markdown, CSV, SVG)""";

    private GatewayMain() {
    }

    /** Starts the gateway (or the demo) and blocks until the process is told to stop. */
    public static void main(String[] args) {
        quietLeakDetector();
        int code = run(args, System.out, System.err, System.getenv());
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Netty samples one buffer allocation in 128 for leak tracking by default, and each sample records a stack
     * trace: about 1% of the gateway's CPU. Off in production unless {@code -Dio.netty.leakDetection.level} asks
     * for it (the tests run at paranoid).
     */
    private static void quietLeakDetector() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** Runs the command; returns the exit code when it does not block, or blocks while the gateway runs. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (contains(args, "--help") || contains(args, "-h")) {
            out.println(USAGE);
            return 0;
        }
        if (args.length >= 1 && args[0].equals("report")) {
            return ReportCommand.run(args, out, err);
        }
        AutoCloseable running;
        try {
            if (args.length >= 1 && args[0].equals("demo")) {
                running = DemoMode.start(args, env);
                out.println(((DemoMode) running).banner());
            } else {
                Path config = configArg(args);
                if (config == null) {
                    err.println(args.length == 0 ? "no command given" : "unknown arguments "
                            + String.join(" ", args) + " (expected --config FILE, demo or report)");
                    err.println(USAGE);
                    return 2;
                }
                GatewayConfig loaded = ConfigLoader.load(config, env);
                if (contains(args, "--check")) {
                    out.println("config OK: " + config + " (" + loaded.providers().size() + " providers, "
                            + loaded.models().size() + " models)");
                    return 0;
                }
                running = GatewayServer.start(loaded, config, env);
            }
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (CannotListenException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        awaitShutdown(running);
        return 0;
    }

    private static @org.jspecify.annotations.Nullable Path configArg(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                Path p = Path.of(args[i + 1]);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("config file not found: " + p.toAbsolutePath());
                }
                return p;
            }
        }
        return null;
    }

    private static boolean contains(String[] args, String flag) {
        for (String a : args) {
            if (a.equals(flag)) {
                return true;
            }
        }
        return false;
    }

    /** Blocks until SIGTERM/SIGINT, then closes {@code running} (graceful shutdown) before the JVM exits. */
    private static void awaitShutdown(AutoCloseable running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(GatewayMain.class).warn("shutdown failed", e);
            } finally {
                stopped.countDown();
            }
        }, "spendgate-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
