package io.skylane.lb.bench;

import io.skylane.lb.dataplane.LoadBalancerCompiler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full compile of every switch's load-balancer rules ({@link LoadBalancerCompiler}, what the
 * data plane runs on every change): {@code lbs} load balancers of 10 members each, 10 per VPC
 * ({@link LbFleet}: one TCP listener, one pool and a TCP monitor each, 10 client ports per VPC),
 * on 20 switches, each VPC's ports on {@code spread} of them. The intent is built through the
 * real intent service in set-up (not measured), which also prints the rules in all and per switch.
 * One operation is one full compile (reading the store's intent is not part of it).
 *
 * <p>Run: {@code lab/jmh.sh load-balancer -- LoadBalancerCompileBenchmark -f 1 -wi 2 -i 3}. The heap
 * the result holds: {@link LoadBalancerCompileHeap}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class LoadBalancerCompileBenchmark {

    static final int SWITCHES = 20;
    static final int LBS_PER_VPC = 10;
    static final int MEMBERS = 10;
    static final int CLIENTS = 10;

    @Param({"10", "100", "1000"})
    public int lbs;

    /** How many of the 20 switches each VPC's ports are on. */
    @Param({"5"})
    public int spread;

    LbFleet.Inputs inputs;
    LoadBalancerCompiler compiler;

    static LbFleet.Shape shape(int lbs, int spread) {
        if (lbs % LBS_PER_VPC != 0) {
            throw new IllegalArgumentException("lbs must be a multiple of " + LBS_PER_VPC);
        }
        return new LbFleet.Shape(lbs / LBS_PER_VPC, LBS_PER_VPC, MEMBERS, CLIENTS, SWITCHES, spread);
    }

    @Setup(Level.Trial)
    public void setUp() {
        long t0 = System.nanoTime();
        LbFleet fleet = LbFleet.build(shape(lbs, spread), 42);
        long built = System.nanoTime() - t0;
        inputs = fleet.inputs();
        compiler = fleet.compiler();
        LoadBalancerCompiler.Result r = compileAll();
        check(r);
        System.out.printf("%n%s%n(set-up: %d load-balancing resources and ports built through the intent service in %.1f s)%n",
                describe(r), inputs.intent().ids().size() + inputs.placed().size(), built / 1e9);
    }

    @Benchmark
    public LoadBalancerCompiler.Result compileAll() {
        return compiler.compile(inputs.intent(), inputs.vpcs(), inputs.placed(), id -> true);
    }

    /** Every load balancer has rules and every member is placed, or the set-up is not what it claims. */
    void check(LoadBalancerCompiler.Result r) {
        long withRules = r.devices().values().stream().filter(s -> s.size() == spread).count();
        if (inputs.intent().loadBalancers().size() != lbs || withRules != lbs || r.members().size() != lbs * MEMBERS) {
            throw new IllegalStateException("benchmark set-up is not what it claims: " + lbs + " load balancers, "
                    + withRules + " with rules on " + spread + " switches, " + r.members().size() + " members placed");
        }
    }

    /** The rules in all and per switch. */
    static String describe(LoadBalancerCompiler.Result r) {
        long total = LbFleet.total(r);
        int[] sizes = r.rules().values().stream().mapToInt(List::size).sorted().toArray();
        return String.format("%d load balancers, %d members placed: %d rules on %d switches (per switch min %d, "
                + "median %d, max %d)", r.devices().size(), r.members().size(), total, sizes.length, sizes[0],
                sizes[sizes.length / 2], sizes[sizes.length - 1]);
    }
}
