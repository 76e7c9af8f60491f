package dev.spendgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/** Fails a test when Netty reported a leaked buffer (paranoid level tracks every buffer). */
public final class LeakAssertions {

    private LeakAssertions() {
    }

    /**
     * Forces leak detection to run (GC, then allocations, which poll the detector's reference queue) and asserts
     * that no leak was reported since the JVM started, and that Netty and Reactor logged no warning (a double
     * release is logged, not reported as a leak).
     */
    public static void assertNoLeaks() {
        for (int i = 0; i < 5; i++) {
            System.gc();
            System.runFinalization();
            for (int j = 0; j < 200; j++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                a.release();
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                b.release();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        synchronized (NettyWarningsAppender.WARNINGS) {
            assertThat(NettyWarningsAppender.WARNINGS).as("Netty/Reactor warnings (double release, dropped errors)")
                    .isEmpty();
        }
        synchronized (CountingLeakDetectorFactory.REPORTS) {
            assertThat(CountingLeakDetectorFactory.LEAKS.get())
                    .as("Netty leak reports: %s", CountingLeakDetectorFactory.REPORTS)
                    .isZero();
        }
    }
}
