package dev.spendgate.testkit;

import dev.spendgate.GatewayMain;
import java.util.concurrent.TimeUnit;
import reactor.blockhound.BlockHound;
import reactor.netty.resources.LoopResources;

/**
 * Runs the gateway (as {@code GatewayMain}) with BlockHound installed, in a JVM of its own: every blocking call
 * (sleep, file or socket I/O, lock waits...) made on a Netty event loop or a Reactor non-blocking thread prints one
 * {@value #MARK} line with its stack to stderr, and the call goes on (the request is not failed by the detector).
 * Before the gateway starts, a self-test sleeps on an event loop and prints {@value #SELF_TEST_OK} if that was
 * caught, so a run with no reports proves the detector was live. Needs
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods} on Java 13+.
 */
public final class BlockHoundGateway {

    /** Printed once per blocking call on a non-blocking thread. */
    public static final String MARK = "BLOCKING_CALL";
    /** Printed when the self-test's blocking call was detected. */
    public static final String SELF_TEST_OK = "BLOCKHOUND_SELF_TEST_OK";

    private static final String SELF_TEST_LOOP = "blockhound-self-test";
    private static volatile boolean selfTest = true;
    private static volatile boolean selfTestCaught;

    private BlockHoundGateway() {
    }

    public static void main(String[] args) throws Exception {
        // install(...) applies the SPI integrations too (Reactor's and Netty's allow-lists), then this one.
        BlockHound.install(builder -> builder
                // Netty 4.2's adaptive allocator takes a short internal lock when it grows (not in Netty's list).
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
                        "tryExpandMagazines")
                // A budget book's or a rate window's lock (guard.MemberTable) is held for a few arithmetic
                // operations on the book, never across I/O: a contended acquire waits like a contended monitor.
                .allowBlockingCallsInside("dev.spendgate.guard.MemberTable$Entry", "lock")
                // Jackson locks while it builds a deserializer for a type the first time (warm-up only).
                .allowBlockingCallsInside("com.fasterxml.jackson.databind.deser.DeserializerCache",
                        "_createAndCacheValueDeserializer")
                // The event loops by name as well (the proxy's and the admin server's), whatever Netty's own
                // integration recognises.
                .nonBlockingThreadPredicate(p -> p.or(t -> t.getName().startsWith("reactor-http-")
                        || t.getName().startsWith("spendgate-io-")
                        || t.getName().startsWith(SELF_TEST_LOOP)))
                .blockingMethodCallback(method -> {
                    if (selfTest) {
                        selfTestCaught = true;
                        return;
                    }
                    Exception where = new Exception(MARK + " " + method + " on thread "
                            + Thread.currentThread().getName());
                    where.printStackTrace(System.err);
                }));
        LoopResources loops = LoopResources.create(SELF_TEST_LOOP, 1, true);
        try {
            loops.onServer(false).next().submit(() -> {
                Thread.sleep(1);
                return null;
            }).get(30, TimeUnit.SECONDS);
        } finally {
            loops.dispose();
        }
        selfTest = false;
        if (selfTestCaught) {
            System.err.println(SELF_TEST_OK);
        }
        GatewayMain.main(args);
    }
}
