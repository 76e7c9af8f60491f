package dev.spendgate.flow;

import dev.spendgate.config.GatewayConfig;
import dev.spendgate.upstream.ProviderClients;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.scheduler.Schedulers;

/**
 * The per-request sequence, run by one {@link Exchange} per request on its client connection's event loop.
 * Stages, in order:
 * <ol>
 *   <li>endpoint: which API and whether it is metered ({@link dev.spendgate.api.Endpoint})</li>
 *   <li>attribution: read and validate the attribution headers</li>
 *   <li>admit: gateway key, attribution narrowed by the key, required attribution ({@link GuardStage})</li>
 *   <li>read body: bounded, 413 past {@code server.max_body_bytes}</li>
 *   <li>plan: parse the body, resolve {@code model}, apply routing rules and experiments ({@link Router})</li>
 *   <li>guard: caps, budgets (reserve the worst case), rate limits; may downgrade or clamp</li>
 *   <li>attempts: each renders the target's body (rewritten, or translated to the other API format) and forwards
 *       it ({@link UpstreamAttempt}); failures before the first byte retry or fall back ({@link AttemptLoop})</li>
 *   <li>respond: buffer-and-meter a JSON body, or relay-and-meter an SSE stream</li>
 *   <li>record: settle budgets, ledger line, metrics, access log; exactly once, also on cancel and error
 *       ({@link #finish})</li>
 * </ol>
 * Gateway-made errors are rendered in the caller's API format at one boundary ({@link ErrorMapper}). The client
 * connection's handler ({@link ClientConnection}) runs one exchange at a time.
 */
public final class ProxyFlow {

    /**
     * A client connection with no request for this long is closed. A request that has begun to arrive is bounded
     * by {@code server.request_read_timeout} instead.
     */
    private static final Duration CLIENT_IDLE = Duration.ofMinutes(5);

    private final FlowComponents components;
    private final AtomicReference<FlowSnapshot> current = new AtomicReference<>();
    private final RequestRecorder recorder;
    private final Metering metering;
    private final RequestIds ids = new RequestIds();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    /** Guard work that may block on a shared store (Redis) runs here, never on an event loop. */
    private final Executor worker = task -> Schedulers.boundedElastic().schedule(task);
    private volatile boolean draining;
    private volatile boolean aborted;

    /** Builds the flow from one config snapshot and its components. */
    public ProxyFlow(GatewayConfig config, ProviderClients clients, FlowComponents components) {
        this.components = components;
        this.metering = new Metering(components.estimator());
        this.recorder = new RequestRecorder(components.ledger(), components.meters(), components.budgetMeters(),
                components.routeMeters());
        current.set(new FlowSnapshot(config, clients, components, metering));
    }

    /**
     * Swaps in a new config snapshot (built and validated by the caller); requests in flight finish on the old
     * one. Returns the old snapshot's provider clients, to be closed once its requests are done.
     */
    public ProviderClients swap(GatewayConfig config, ProviderClients clients) {
        FlowSnapshot previous = current.getAndSet(new FlowSnapshot(config, clients, components, metering));
        return previous.clients;
    }

    /** The current snapshot's budget guard (admin API, metrics). */
    public dev.spendgate.guard.BudgetGuard budgets() {
        return current.get().guards.budgets();
    }

    /** The current snapshot's provider clients. */
    public ProviderClients currentClients() {
        return current.get().clients;
    }

    /** The config the gateway runs on now. */
    public GatewayConfig config() {
        return current.get().config;
    }

    /** The handler of a new client connection (the last in its pipeline). */
    public ChannelHandler newConnection() {
        return new ClientConnection(this, CLIENT_IDLE.toNanos(),
                current.get().config.server().requestReadTimeout().toNanos());
    }

    FlowSnapshot snapshot() {
        return current.get();
    }

    String nextRequestId() {
        return ids.next();
    }

    Executor worker() {
        return worker;
    }

    boolean draining() {
        return draining;
    }

    /** A request began (it is recorded by {@link #finish}). */
    void started() {
        inFlight.incrementAndGet();
    }

    void opened(ClientConnection c) {
        connections.add(c);
    }

    void closed(ClientConnection c) {
        connections.remove(c);
    }

    /** Records a request exactly once: settles its spend and budgets, writes the ledger line and the meters. */
    void finish(FlowSnapshot s, RequestContext ctx, Downstream res, boolean cancelled) {
        try {
            if (cancelled) {
                ctx.mark(Stage.CLIENT_CANCELLED);
                if (ctx.outcome == Outcome.SUCCESS) {
                    ctx.outcome = aborted ? Outcome.SHUTTING_DOWN : Outcome.CLIENT_CANCELLED;
                }
            }
            if (ctx.status == 0 && res.hasSentHeaders()) {
                ctx.status = res.status();
            }
            if (ctx.finish()) {
                s.upstream.settle(ctx);
                s.guards.settle(ctx);
                recorder.record(ctx);
            }
        } finally {
            // Decremented last: shutdown waits for zero before it closes the ledger, so the record is in.
            inFlight.decrementAndGet();
        }
    }

    /** Requests still being served (streams included). */
    public int inFlight() {
        return inFlight.get();
    }

    /** Refuses new requests with 503 from now on; in-flight ones run on. */
    public void startDraining() {
        draining = true;
    }

    /**
     * Ends the streams still in flight when the shutdown grace has passed: each gets an error event in its API's
     * format and is recorded with outcome {@code shutting_down} and what it spent.
     */
    public void abortInFlight() {
        aborted = true;
        for (ClientConnection c : connections) {
            c.execute(c::abort);
        }
    }
}
