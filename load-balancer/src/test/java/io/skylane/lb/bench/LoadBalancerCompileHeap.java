package io.skylane.lb.bench;

import io.skylane.lb.dataplane.LoadBalancerCompiler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap a compiled result holds ({@link LoadBalancerCompileBenchmark}'s fleet): builds the fleet,
 * then, {@code rounds} times, reads the used heap after forced collections, compiles once and keeps
 * the result, reads it again; the difference is what the result retains (its rules, the members,
 * digests), not what the compile allocated and dropped. Prints each round and the median.
 *
 * <p>Run (test classpath, e.g. the one {@code lab/jmh.sh} writes):
 * {@code java -Xmx6g -cp <load-balancer test classpath> io.skylane.lb.bench.LoadBalancerCompileHeap 1000 5 [rounds]}
 */
public final class LoadBalancerCompileHeap {

    private LoadBalancerCompileHeap() {
    }

    public static void main(String[] args) throws InterruptedException {
        int lbs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int spread = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        LbFleet fleet = LbFleet.build(LoadBalancerCompileBenchmark.shape(lbs, spread), 42);
        LbFleet.Inputs in = fleet.inputs();
        LoadBalancerCompiler compiler = fleet.compiler();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Long> held = new ArrayList<>();
        LoadBalancerCompiler.Result r = null;
        for (int i = 0; i < rounds; i++) {
            r = null;
            long before = settledUsed(memory);
            r = compiler.compile(in.intent(), in.vpcs(), in.placed(), id -> true);
            long after = settledUsed(memory);
            held.add(after - before);
            System.out.printf("round %d: %s; heap held %.1f MB%n", i + 1, LoadBalancerCompileBenchmark.describe(r),
                    (after - before) / 1e6);
        }
        List<Long> sorted = held.stream().sorted().toList();
        long total = LbFleet.total(r);
        long median = sorted.get(sorted.size() / 2);
        System.out.printf("%d load balancers, spread %d: heap held by one compiled result: median %.1f MB "
                + "(min %.1f, max %.1f, %d rounds), %d bytes per rule%n", lbs, spread, median / 1e6,
                sorted.get(0) / 1e6, sorted.get(sorted.size() - 1) / 1e6, rounds, median / Math.max(1, total));
    }

    /** Used heap after collections, once two readings in a row agree within 1 MB (at most 10 tries). */
    private static long settledUsed(MemoryMXBean memory) throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - last) < 1_000_000) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
