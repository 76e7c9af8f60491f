package dev.spendgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the whole benchmark JVM per operation ({@code cpu.process}): every thread, so also work handed to
 * background threads (the ledger writer, the log writer) that the benchmark thread's own time does not show, plus
 * GC and JIT. {@code cpu.benchmark} is the part spent on JMH's benchmark threads (the request thread's share);
 * the difference is the background's. Use with {@code -prof dev.spendgate.bench.ProcessCpuProfiler}; subtract a
 * baseline benchmark that does only the pacing work. On a shared machine these are steadier than ns/op, which
 * also counts the time other processes held the CPU.
 */
public final class ProcessCpuProfiler implements InternalProfiler {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long cpuAtStart;
    private long benchmarkCpuAtStart;

    @Override
    public String getDescription() {
        return "process CPU time (all threads) per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = OS.getProcessCpuTime();
        benchmarkCpuAtStart = benchmarkThreadsCpu();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpu = OS.getProcessCpuTime() - cpuAtStart;
        long benchmarkCpu = benchmarkThreadsCpu() - benchmarkCpuAtStart;
        long ops = Math.max(1, result.getMetadata().getAllOps());
        return List.of(new ScalarResult("cpu.process", (double) cpu / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.benchmark", (double) benchmarkCpu / ops, "ns/op", AggregationPolicy.AVG));
    }

    /** CPU time of JMH's benchmark threads (named {@code ...-jmh-worker-N}), which live for the whole fork. */
    private static long benchmarkThreadsCpu() {
        long total = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains("jmh-worker")) {
                total += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }
}
