package dev.spendgate.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Sends a steady, attributed mix of LLM requests (see {@link TrafficMix}) to a gateway, so the demo's metrics and
 * ledger fill up. Pointed straight at a {@link SimulatedProvider} it also works, since the paths are the same.
 *
 * <pre>
 * Flux.interval(1/rps) -> skip the tick if maxConcurrency are in flight -> TrafficMix.next() -> POST -> read, discard
 * </pre>
 *
 * <p>In-flight requests are counted explicitly instead of using {@code flatMap(concurrency)} backpressure: flatMap
 * replenishes demand in batches, which would drop ticks while slots are free and distort the rate.
 *
 * <p>Every response body is read to the end and its buffers released as they arrive (Reactor Netty releases
 * inbound buffers after {@code onNext}); nothing blocks: ticks come from the parallel scheduler, I/O runs on the
 * generator's own event loops and connection pool. A request counts as failed on a transport error, a timeout or
 * an HTTP status >= 400.
 */
public final class TrafficGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficGenerator.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final LoopResources loops;
    private final ConnectionProvider pool;
    private final HttpClient client;
    private final TrafficMix mix;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicBoolean ticking = new AtomicBoolean(true);
    private final AtomicBoolean released = new AtomicBoolean();
    private final Sinks.Empty<Void> stopped = Sinks.empty();
    private final Sinks.Empty<Void> done = Sinks.empty();
    private final int maxConcurrency;
    private final Disposable run;

    private TrafficGenerator(TrafficOptions options) {
        this.mix = new TrafficMix(options.seed());
        this.maxConcurrency = options.maxConcurrency();
        this.loops = LoopResources.create("spendgate-traffic", 1, true);
        this.pool = ConnectionProvider.builder("spendgate-traffic")
                .maxConnections(options.maxConcurrency())
                .pendingAcquireTimeout(Duration.ofSeconds(10))
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        String base = options.gatewayBaseUrl().toString();
        this.client = HttpClient.create(pool).runOn(loops)
                .baseUrl(base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                .responseTimeout(REQUEST_TIMEOUT);
        Duration period = Duration.ofNanos((long) (1_000_000_000L / options.requestsPerSecond()));
        Flux<Long> ticks = Flux.interval(Duration.ZERO, period, Schedulers.parallel());
        if (options.duration() != null) {
            ticks = ticks.take(options.duration(), Schedulers.parallel());
        }
        this.run = ticks.onBackpressureDrop(tick -> dropped.incrementAndGet())
                .doFinally(signal -> endTicks())
                .subscribe(tick -> tick(), e -> LOG.warn("traffic generator stopped on error", e));
        LOG.info("traffic generator sending {} req/s to {}", options.requestsPerSecond(), base);
    }

    /** Starts sending at once; returns immediately. */
    public static TrafficGenerator start(TrafficOptions options) {
        return new TrafficGenerator(options);
    }

    /**
     * Stops starting new requests and waits (at most {@code bound}) for those in flight to finish, so a demo that
     * is shut down does not leave cancelled requests behind. Follow with {@link #stop()}.
     */
    public void drain(Duration bound) {
        run.dispose();
        long deadline = System.nanoTime() + bound.toNanos();
        while (sent.get() > completed.get() + failed.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops sending and cancels requests in flight (they count as neither completed nor failed). Idempotent. */
    public void stop() {
        run.dispose();
        stopped.tryEmitEmpty();
        endTicks();
    }

    /** Requests started so far. */
    public long sent() {
        return sent.get();
    }

    /** Requests that ended in a transport error, a timeout or a status >= 400. */
    public long failed() {
        return failed.get();
    }

    /** Requests answered with a status < 400 whose body was read to the end. */
    public long completed() {
        return completed.get();
    }

    /** Ticks skipped because {@code maxConcurrency} requests were already in flight. */
    public long dropped() {
        return dropped.get();
    }

    /** Completes once sending has ended (duration over or {@link #stop()}) and resources are released. */
    public Mono<Void> whenDone() {
        return done.asMono();
    }

    private void tick() {
        if (inFlight.incrementAndGet() > maxConcurrency) {
            inFlight.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        send(mix.next())
                .takeUntilOther(stopped.asMono())
                .doFinally(signal -> {
                    inFlight.decrementAndGet();
                    finishIfIdle();
                })
                .subscribe();
    }

    private void endTicks() {
        ticking.set(false);
        finishIfIdle();
    }

    private void finishIfIdle() {
        if (!ticking.get() && inFlight.get() == 0 && released.compareAndSet(false, true)) {
            release();
        }
    }

    private Mono<Void> send(PlannedRequest request) {
        sent.incrementAndGet();
        return client.headers(h -> request.headers().forEach(h::set))
                .post().uri(request.path())
                .send(ByteBufFlux.fromString(Mono.just(request.body())))
                .response((res, body) -> body.then(Mono.just(res.status().code())))
                .next()
                .timeout(REQUEST_TIMEOUT)
                .doOnNext(status -> {
                    if (status < 400) {
                        completed.incrementAndGet();
                    } else {
                        fail(request, "HTTP " + status);
                    }
                })
                .onErrorResume(e -> {
                    fail(request, e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private void fail(PlannedRequest request, String why) {
        failed.incrementAndGet();
        if (warned.compareAndSet(false, true)) {
            LOG.warn("traffic request {} ({}) failed: {}; later failures are logged at debug", request.path(),
                    request.feature(), why);
        } else {
            LOG.debug("traffic request {} ({}) failed: {}", request.path(), request.feature(), why);
        }
    }

    private void release() {
        LOG.info("traffic generator done: sent {}, completed {}, failed {}, dropped {}", sent(), completed(),
                failed(), dropped());
        pool.disposeLater().then(loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)))
                .doFinally(signal -> done.tryEmitEmpty())
                .subscribe(null, e -> LOG.debug("traffic generator resources released with error", e));
    }
}
