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
            String used = "Memory used by Netty's default ByteBuf allocator";
            gauge(registry, GatewayMeters.NETTY_MEMORY_USED, used, "direct", metric,
                    ByteBufAllocatorMetric::usedDirectMemory);
            gauge(registry, GatewayMeters.NETTY_MEMORY_USED, used, "heap", metric,
                    ByteBufAllocatorMetric::usedHeapMemory);
        }
        if (allocator instanceof PooledByteBufAllocator pooled) {
            String pinned = "Memory in buffers handed out by Netty's pooled allocator";
            gauge(registry, GatewayMeters.NETTY_MEMORY_PINNED, pinned, "direct", pooled,
                    PooledByteBufAllocator::pinnedDirectMemory);
            gauge(registry, GatewayMeters.NETTY_MEMORY_PINNED, pinned, "heap", pooled,
                    PooledByteBufAllocator::pinnedHeapMemory);
        }
    }

    private static <T> void gauge(MeterRegistry registry, String name, String description, String area, T source,
            ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value)
                .description(description)
                .tag(GatewayMeters.TAG_AREA, area)
                .register(registry);
    }
}
