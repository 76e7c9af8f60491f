package dev.spendgate.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The admin port's routes, kept off the proxy port so metrics and probes never compete with (or leak to) clients:
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text exposition (scraped off the event loop).</li>
 *   <li>{@code GET /healthz}: 200 while the process serves at all (liveness).</li>
 *   <li>{@code GET /readyz}: 200 when ready for traffic, 503 while starting or draining (readiness).</li>
 *   <li>{@code GET /admin/budgets}: every budget's window state, top spenders of {@code per:} budgets
 *       ({@link BudgetsView}; with the four-argument {@code register}).</li>
 *   <li>{@code GET /admin/routes}: the effective routing table: models with deployments, fallbacks and context
 *       windows, retry settings, rules, experiments and each provider's circuit breaker state.</li>
 * </ul>
 */
public final class AdminRoutes {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private AdminRoutes() {
    }

    /**
     * Adds {@code POST /admin/reload}: validates and applies the config file now (off the event loop); 200 with
     * what needs a restart, or 400 listing every config error (the running config stays).
     */
    public static void registerReload(HttpServerRoutes routes, Supplier<AdminReply> reload) {
        routes.post("/admin/reload", (req, res) -> req.receive().then(Mono.fromCallable(reload::get)
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(reply -> res.status(reply.status()).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .sendByteArray(Mono.just(reply.json().getBytes(StandardCharsets.UTF_8))).then()));
    }

    /** Adds {@code GET /admin/routes}, whose body {@code routesJson} produces (off the event loop). */
    public static void registerRoutes(HttpServerRoutes routes, Supplier<String> routesJson) {
        routes.get("/admin/routes", (req, res) -> offLoop(routesJson)
                .flatMap(json -> res.header(HttpHeaderNames.CONTENT_TYPE, JSON)
                        .sendByteArray(Mono.just(json.getBytes(StandardCharsets.UTF_8))).then()));
    }

    /** Adds the routes to {@code routes}. */
    public static void register(HttpServerRoutes routes, Supplier<String> scrape, BooleanSupplier ready) {
        routes.get("/metrics", (req, res) -> offLoop(scrape)
                        .flatMap(text -> res.header(HttpHeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT)
                                .sendByteArray(Mono.just(text.getBytes(StandardCharsets.UTF_8))).then()))
                .get("/healthz", (req, res) -> res.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .sendString(Mono.just("{\"status\":\"ok\"}")))
                .get("/readyz", (req, res) -> {
                    boolean ok = ready.getAsBoolean();
                    return res.status(ok ? 200 : 503).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .sendString(Mono.just(ok ? "{\"status\":\"ready\"}" : "{\"status\":\"not ready\"}"));
                });
    }

    /**
     * Adds the routes above plus {@code GET /admin/budgets}, whose body {@code budgetsJson} produces (e.g.
     * {@code new BudgetsView(..)::json}); it reads every budget's members, so it runs off the event loop.
     */
    public static void register(HttpServerRoutes routes, Supplier<String> scrape, BooleanSupplier ready,
            Supplier<String> budgetsJson) {
        register(routes, scrape, ready);
        routes.get("/admin/budgets", (req, res) -> offLoop(budgetsJson)
                .flatMap(json -> res.header(HttpHeaderNames.CONTENT_TYPE, JSON)
                        .sendByteArray(Mono.just(json.getBytes(StandardCharsets.UTF_8))).then()));
    }

    /**
     * Computes a body off the event loop. It is sent as a wrapped byte array (an unpooled heap buffer), never as
     * a buffer from the pooled allocator made on the worker thread: if the scraper left meanwhile and the write
     * is dropped, nothing direct or pooled is left behind.
     */
    private static Mono<String> offLoop(Supplier<String> body) {
        return Mono.fromCallable(body::get).subscribeOn(Schedulers.boundedElastic());
    }
}
