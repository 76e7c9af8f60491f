package dev.spendgate.server;

import dev.spendgate.config.ConfigException;
import dev.spendgate.config.ConfigLoader;
import dev.spendgate.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: on {@code POST /admin/reload} or when the config file changes (polled every 2 s, off the event
 * loop), load and validate the whole new config; apply it only if it is valid, else keep the running one and
 * report every error. Listener ports, the ledger and metric settings need a restart (reported, not applied).
 */
final class ConfigReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    /**
     * The outcome of a reload.
     *
     * @param ok      whether the new config is running
     * @param errors  config errors ({@code path: problem}) or restart-only changes that were not applied
     */
    record Result(boolean ok, List<String> errors) {
    }

    private final Path file;
    private final Map<String, String> env;
    private final Function<GatewayConfig, List<String>> apply;
    private final ScheduledExecutorService watcher;
    private long lastModified;
    private long lastSize;

    /**
     * @param apply swaps the new config in; returns the restart-only differences it did not apply
     */
    ConfigReloader(Path file, Map<String, String> env, Function<GatewayConfig, List<String>> apply) {
        this.file = file;
        this.env = env;
        this.apply = apply;
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spendgate-config-watch");
            t.setDaemon(true);
            return t;
        });
        stamp();
        watcher.scheduleWithFixedDelay(this::poll, 2, 2, TimeUnit.SECONDS);
    }

    /** Loads, validates and applies the file now. */
    synchronized Result reload() {
        stamp();
        GatewayConfig next;
        try {
            next = ConfigLoader.load(file, env);
        } catch (ConfigException e) {
            LOG.warn("config reload refused, keeping the running config; errors:\n{}", e.getMessage());
            return new Result(false, e.errors());
        }
        List<String> notApplied = apply.apply(next);
        if (!notApplied.isEmpty()) {
            LOG.warn("config reloaded; these changes need a restart: {}", notApplied);
        } else {
            LOG.info("config reloaded from {}", file);
        }
        return new Result(true, notApplied);
    }

    private void poll() {
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            long size = Files.size(file);
            if (modified != lastModified || size != lastSize) {
                reload();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("config watch: {}", e.toString());
        }
    }

    private void stamp() {
        try {
            lastModified = Files.getLastModifiedTime(file).toMillis();
            lastSize = Files.size(file);
        } catch (IOException e) {
            lastModified = -1;
        }
    }

    /** Settings that only a restart applies, as {@code path: old -> new}. */
    static List<String> restartOnly(GatewayConfig running, GatewayConfig next) {
        List<String> diffs = new java.util.ArrayList<>();
        if (!Objects.equals(running.server().host(), next.server().host())
                || running.server().port() != next.server().port()
                || running.server().adminPort() != next.server().adminPort()) {
            diffs.add("server.host/port/admin_port (restart to change listeners)");
        }
        if (!running.ledger().equals(next.ledger())) {
            diffs.add("ledger (restart to change the ledger)");
        }
        if (!running.metrics().equals(next.metrics())) {
            diffs.add("metrics (restart to change metric bounds)");
        }
        if (!running.state().equals(next.state())) {
            diffs.add("state (restart to change where budget state lives)");
        }
        return diffs;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
