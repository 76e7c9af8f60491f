package dev.spendgate.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.Executor;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Reactor schedulers on Netty event loops, one per loop, for the request's timers (timeouts, deadlines, backoff).
 * A timer on the connection's own loop is a cheap, lock-free entry in the loop's task queue and fires where the
 * request's state lives; Reactor's default timer ({@code Schedulers.parallel()}) would take a lock, may wake a
 * thread on another CPU for every request, and hands the timeout to another thread.
 */
final class LoopSchedulers {

    /**
     * Bounded: there are as many entries as event loops (a few per core), kept across config reloads. Its upkeep
     * runs on the caller (a lookup must not hand work to, and wake, a common-pool thread).
     */
    private static final Cache<Executor, Scheduler> BY_LOOP = Caffeine.newBuilder().maximumSize(1_024)
            .executor(Runnable::run).build();

    private LoopSchedulers() {
    }

    /** The scheduler of {@code loop}. */
    static Scheduler of(Executor loop) {
        return BY_LOOP.get(loop, Schedulers::fromExecutor);
    }

    /** The scheduler of the client connection's event loop ({@code Schedulers.parallel()} without one). */
    static Scheduler of(HttpServerResponse res) {
        Executor[] loop = new Executor[1];
        res.withConnection(c -> loop[0] = c.channel().eventLoop());
        return loop[0] == null ? Schedulers.parallel() : of(loop[0]);
    }
}
