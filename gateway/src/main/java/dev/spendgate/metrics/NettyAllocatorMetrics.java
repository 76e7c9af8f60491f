package dev.spendgate.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.function.ToDoubleFunction;

/**
 * Memory held by Netty's default allocator, the one Reactor Netty channels use ({@link ByteBufAllocator#DEFAULT}:
 * adaptive in Netty 4.2, pooled in 4.1). A used figure that only grows is the classic sign of a ByteBuf leak
 * (Reactor Netty FAQ), so this is worth an alert. Pinned memory (bytes actually handed out, not just cached by
 * the pool) is exported only for a pooled allocator, which is the one that reports it.
 */
final class NettyAllocatorMetrics implements MeterBinder {

    private final ByteBufAllocator allocator;

    NettyAllocatorMetrics(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            used(registry, "direct", metric, ByteBufAllocatorMetric::usedDirectMemory);
            used(registry, "heap", metric, ByteBufAllocatorMetric::usedHeapMemory);
        }
        if (allocator instanceof PooledByteBufAllocator pooled) {
            pinned(registry, "direct", pooled, PooledByteBufAllocator::pinnedDirectMemory);
            pinned(registry, "heap", pooled, PooledByteBufAllocator::pinnedHeapMemory);
        }
    }

    private static void used(MeterRegistry registry, String area, ByteBufAllocatorMetric metric,
            ToDoubleFunction<ByteBufAllocatorMetric> f) {
        Gauge.builder(GatewayMeters.NETTY_MEMORY_USED, metric, f)
                .description("Memory used by Netty's default ByteBuf allocator")
                .tag(GatewayMeters.TAG_AREA, area)
                .register(registry);
    }

    private static void pinned(MeterRegistry registry, String area, PooledByteBufAllocator pooled,
            ToDoubleFunction<PooledByteBufAllocator> f) {
        Gauge.builder(GatewayMeters.NETTY_MEMORY_PINNED, pooled, f)
                .description("Memory in buffers handed out by Netty's pooled allocator")
                .tag(GatewayMeters.TAG_AREA, area)
                .register(registry);
    }
}
