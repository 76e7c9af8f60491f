package dev.spendgate.server;

import dev.spendgate.admin.AdminReply;
import dev.spendgate.admin.AdminRoutes;
import dev.spendgate.config.Deployment;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.StateConfig;
import dev.spendgate.flow.FlowComponents;
import dev.spendgate.flow.ProxyFlow;
import dev.spendgate.admin.BudgetsView;
import dev.spendgate.admin.RoutesJson;
import dev.spendgate.guard.BudgetGuard;
import dev.spendgate.guard.BudgetRebuilder;
import dev.spendgate.guard.GuardState;
import dev.spendgate.guard.BudgetStore;
import dev.spendgate.guard.InMemoryBudgetStore;
import dev.spendgate.guard.SharedRates;
import dev.spendgate.ledger.AsyncLedgerWriter;
import dev.spendgate.metering.TokenEstimator;
import dev.spendgate.metrics.BudgetMeters;
import dev.spendgate.metrics.GatewayMeters;
import dev.spendgate.upstream.ProviderClients;
import dev.spendgate.upstream.Transport;
import io.netty.channel.EventLoopGroup;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.ChannelBindException;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A running gateway: the proxy listener, the admin listener and the components behind them, built from one
 * config snapshot. {@link #close()} shuts down gracefully: refuse new requests, let in-flight requests and streams
 * finish within {@code server.shutdown_grace}, then close listeners, pools and the ledger (flushing it).
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final GatewayConfig config;
    private final AsyncLedgerWriter ledger;
    private final GatewayMeters meters;
    private final ProxyFlow flow;
    private final Transport transport;
    private final ProxyServer proxy;
    private final DisposableServer admin;
    private final @Nullable ConfigReloader reloader;
    private final java.util.Set<ProviderClients> retiredClients = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ScheduledExecutorService retired =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "spendgate-retired-pools");
                t.setDaemon(true);
                return t;
            });
    private final BudgetStore store;
    private volatile boolean ready;
    private final TokenEstimator estimator;

    private GatewayServer(GatewayConfig config, @Nullable Path configFile, Map<String, String> env) {
        this.config = config;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.meters = new GatewayMeters(config.metrics(), registry, config.models().keySet());
        this.ledger = new AsyncLedgerWriter(config.ledger(), Clock.systemUTC(), meters::ledgerDropped);
        this.transport = Transport.detect();
        EventLoopGroup loops = transport.newGroup(ioThreads(), "spendgate-io");
        ProviderClients clients = new ProviderClients(config, transport);
        this.store = StateStores.build(config.state(), reservationLease(config), registry);
        GuardState guards = new GuardState(store, Clock.systemUTC(),
                store instanceof SharedRates shared ? shared : null);
        AtomicReference<ProxyFlow> current = new AtomicReference<>();
        Supplier<BudgetGuard> budgets = () -> current.get().budgets();
        BudgetMeters budgetMeters = new BudgetMeters(registry, budgets, guards.clock());
        this.estimator = new TokenEstimator();
        estimator.preload(upstreamModels(config));
        FlowComponents components = new FlowComponents(estimator, ledger, meters, guards, budgetMeters);
        this.flow = new ProxyFlow(config, clients, components);
        current.set(flow);
        rebuildBudgets(config);
        BudgetsView budgetsView = new BudgetsView(budgets, guards.clock());
        ProxyServer bound = null;
        try {
            bound = new ProxyServer(config.server().host(), config.server().port(), transport, loops, flow);
            this.admin = bindAdmin(config, budgetsView, components, current);
        } catch (CannotListenException e) {
            if (bound != null) {
                bound.close();
            }
            clients.close();
            releaseState();
            throw e;
        }
        this.proxy = bound;
        this.reloader = configFile == null ? null : new ConfigReloader(configFile, env, this::apply);
        this.ready = true;
        LOG.info("gateway listening on {}:{} (admin {}), {} providers, {} models, {} event loops ({})",
                config.server().host(), proxy.port(), admin.port(), config.providers().size(),
                config.models().size(), ioThreads(), transport.name());
    }

    /**
     * Event loops of the proxy: one per CPU the JVM may use (they never block, so more would only add context
     * switches); {@code GATEWAY_IO_THREADS} overrides it.
     */
    private static int ioThreads() {
        String set = System.getenv("GATEWAY_IO_THREADS");
        if (set != null && !set.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(set.trim()));
            } catch (NumberFormatException e) {
                LOG.warn("GATEWAY_IO_THREADS={} is not a number; using the CPU count", set);
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * A reservation must outlive the longest request it covers: the providers' largest total timeout plus a
     * margin, and at least the store's default (so a stream never loses its reservation while it runs).
     */
    private static Duration reservationLease(GatewayConfig config) {
        if (config.state().lease() != null) {
            return config.state().lease();
        }
        Duration longest = config.providers().values().stream().map(p -> p.timeouts().total())
                .max(Duration::compareTo).orElse(Duration.ZERO);
        // Retries and fallbacks keep one reservation up to the routing deadline.
        Duration deadline = config.routing().retry().deadline();
        Duration lease = (deadline.compareTo(longest) > 0 ? deadline : longest).plusMinutes(5);
        return lease.compareTo(InMemoryBudgetStore.DEFAULT_LEASE) > 0 ? lease : InMemoryBudgetStore.DEFAULT_LEASE;
    }

    /**
     * Spend already in the ledger for the budgets' current windows counts again after a restart. Not with a shared
     * store: Redis still holds it (and other replicas' spend, which this ledger does not have).
     */
    private void rebuildBudgets(GatewayConfig config) {
        if (flow.budgets().active() && config.ledger().enabled()
                && config.state().store() == StateConfig.Store.MEMORY) {
            try {
                BudgetRebuilder.rebuild(flow.budgets(), config.ledger().dir(), Instant.now());
            } catch (java.io.IOException e) {
                LOG.warn("could not rebuild budget spend from the ledger in {}: {}; budgets start empty",
                        config.ledger().dir(), e.toString());
            }
        }
    }

    /** Builds and binds a gateway (no config file: no hot reload). */
    public static GatewayServer start(GatewayConfig config) {
        return new GatewayServer(config, null, Map.of());
    }

    /**
     * Builds and binds a gateway that reloads {@code configFile} when it changes or on {@code POST /admin/reload},
     * resolving its references from {@code env}.
     */
    public static GatewayServer start(GatewayConfig config, Path configFile, Map<String, String> env) {
        return new GatewayServer(config, configFile, env);
    }

    /** Every model id sent upstream (the token counts use the upstream model's tokenizer). */
    private static List<String> upstreamModels(GatewayConfig config) {
        return config.models().values().stream()
                .flatMap(m -> m.deployments().stream().map(Deployment::upstreamModel))
                .toList();
    }

    /** Swaps in a validated config; returns the restart-only changes that were not applied. */
    private List<String> apply(GatewayConfig next) {
        List<String> notApplied = ConfigReloader.restartOnly(flow.config(), next);
        long maxTotal = flow.config().providers().values().stream()
                .mapToLong(p -> p.timeouts().total().toSeconds()).max().orElse(600);
        estimator.preload(upstreamModels(next));
        ProviderClients previous = flow.swap(next, new ProviderClients(next, transport));
        // Requests on the old snapshot may run until their total timeout; close its pools after that.
        retiredClients.add(previous);
        retired.schedule(() -> {
            if (retiredClients.remove(previous)) {
                previous.close();
            }
        }, maxTotal + 30, java.util.concurrent.TimeUnit.SECONDS);
        meters.configReload("ok");
        return notApplied;
    }

    private AdminReply reloadReply() {
        if (reloader == null) {
            return new AdminReply(409, "{\"result\":\"error\",\"errors\":[\"the gateway was not started"
                    + " from a config file (--config), so there is nothing to reload\"]}");
        }
        ConfigReloader.Result r = reloader.reload();
        if (!r.ok()) {
            meters.configReload("error");
        }
        try {
            return new AdminReply(r.ok() ? 200 : 400, JSON.writeValueAsString(Map.of(
                    "result", r.ok() ? "ok" : "error", r.ok() ? "needs_restart" : "errors", r.errors())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The proxy port (useful when configured as 0). */
    public int port() {
        return proxy.port();
    }

    /** The admin port. */
    public int adminPort() {
        return admin.port();
    }

    /** The meters (tests read them; the admin port serves them). */
    public GatewayMeters meters() {
        return meters;
    }

    /** Requests in flight right now. */
    public int inFlight() {
        return flow.inFlight();
    }

    private void awaitIdle(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (flow.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        ready = false;
        if (reloader != null) {
            reloader.close();
        }
        flow.startDraining();
        awaitIdle(config.server().shutdownGrace());
        if (flow.inFlight() > 0) {
            LOG.warn("shutdown grace of {} passed with {} requests in flight; ending them",
                    config.server().shutdownGrace(), flow.inFlight());
            flow.abortInFlight();
            awaitIdle(Duration.ofSeconds(3));
        }
        proxy.closeConnections();
        // Closing the connections cancels what is left; each records itself before the ledger closes.
        awaitIdle(Duration.ofSeconds(3));
        admin.disposeNow(Duration.ofSeconds(5));
        flow.currentClients().close();
        retiredClients.forEach(ProviderClients::close);
        proxy.close();
        releaseState();
        LOG.info("gateway stopped");
    }

    /** Closes the ledger (it writes what is queued), the budget store and the meters. */
    private void releaseState() {
        retired.shutdownNow();
        ledger.close();
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the budget store failed: {}", e.toString());
            }
        }
        meters.close();
    }

    private DisposableServer bindAdmin(GatewayConfig config, BudgetsView budgetsView, FlowComponents components,
            AtomicReference<ProxyFlow> current) {
        try {
            return HttpServer.create()
                    .host(config.server().host())
                    .port(config.server().adminPort())
                    .route(routes -> {
                        AdminRoutes.register(routes, meters::scrape, () -> ready, budgetsView::json);
                        AdminRoutes.registerReload(routes, this::reloadReply);
                        AdminRoutes.registerRoutes(routes, () -> RoutesJson.of(current.get().config(),
                                components.breakers()));
                    })
                    .bindNow(Duration.ofSeconds(10));
        } catch (ChannelBindException e) {
            throw new CannotListenException("admin port (server.admin_port; ADMIN_PORT in the demo and the example"
                    + " config)", config.server().host(), config.server().adminPort(), e);
        }
    }
}
