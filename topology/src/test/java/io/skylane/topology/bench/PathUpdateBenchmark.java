package io.skylane.topology.bench;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.topology.testing.Topologies;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The next-hop tables towards every switch of an Al-Fares fat-tree after one change, computed
 * anew ({@code fullRecompute}) or updated from the tables of the snapshot before the change
 * ({@code incremental}: {@link TopologySnapshot#replaces}, then {@link PathComputer#of}). Both
 * start from a new snapshot built in set-up (not measured) and end with every table in hand.
 *
 * <ul>
 * <li>{@code linkDown}: the cable between aggregation switch 0 of pod 0 and core switch 0 is
 *     unplugged (both its links go);
 * <li>{@code linkUp}: the same cable comes back;
 * <li>{@code portDown}: the port of edge switch 0 of pod 0 towards aggregation switch 0 goes
 *     down (the port and both links of its cable go).
 * </ul>
 *
 * <p>Run: {@code ./skylane jmh topology -- PathUpdateBenchmark -p k=32}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class PathUpdateBenchmark {

    @Param({"16", "32"})
    public int k;

    /** hops: {@link LinkWeigher#HOP_COUNT}; weighted: aggregation-core links 1, edge links 2 (Dijkstra). */
    @Param({"hops", "weighted"})
    public String weights;

    @Param({"linkDown", "linkUp", "portDown"})
    public String change;

    private LinkWeigher weigher;
    private Map<DeviceId, Set<PortNumber>> portsAfter;
    private Set<Link> linksAfter;
    private TopologySnapshot before;

    @Setup(Level.Trial)
    public void setUp() {
        Topologies.FatTree ft = Topologies.fatTree(k);
        TopologySnapshot all = ft.snapshot();
        Map<Link, Double> weightMap = new HashMap<>();
        Set<DeviceId> cores = new HashSet<>();
        for (int c = 0; c < k * k / 4; c++) {
            cores.add(ft.core(c));
        }
        all.links().forEach(l -> weightMap.put(l,
                cores.contains(l.srcDevice()) || cores.contains(l.dstDevice()) ? 1.0 : 2.0));
        weigher = "hops".equals(weights) ? LinkWeigher.HOP_COUNT : LinkWeigher.of(weightMap, 1);

        Map<DeviceId, Set<PortNumber>> ports = new TreeMap<>();
        all.devices().forEach(d -> ports.put(d, new TreeSet<>(all.edgePorts(d))));
        all.links().forEach(l -> ports.get(l.srcDevice()).add(l.src().port()));
        Set<Link> links = new TreeSet<>(all.links());
        ConnectPoint port = "portDown".equals(change)
                ? ConnectPoint.of(ft.edge(0, 0), PortNumber.of(k / 2 + 1))
                : ConnectPoint.of(ft.agg(0, 0), PortNumber.of(k / 2 + 1));
        Link cable = all.linkFrom(port).orElseThrow();
        Set<Link> without = new TreeSet<>(links);
        without.remove(cable);
        without.remove(cable.reverse());
        Map<DeviceId, Set<PortNumber>> portsWithout = new TreeMap<>(ports);
        if ("portDown".equals(change)) {
            Set<PortNumber> left = new TreeSet<>(ports.get(port.deviceId()));
            left.remove(port.port());
            portsWithout.put(port.deviceId(), left);
        }
        boolean up = "linkUp".equals(change);
        before = new TopologySnapshot(1, Instant.EPOCH, up ? portsWithout : ports, up ? without : links);
        portsAfter = up ? ports : portsWithout;
        linksAfter = up ? links : without;
        PathComputer pc = PathComputer.of(before, weigher);
        before.devices().forEach(pc::forwardingTo);
    }

    /** The network after the change, as a new snapshot per call (built in set-up). */
    @State(Scope.Thread)
    public static class After {
        TopologySnapshot snapshot;

        @Setup(Level.Invocation)
        public void publish(PathUpdateBenchmark bench) {
            snapshot = new TopologySnapshot(2, Instant.EPOCH, bench.portsAfter, bench.linksAfter);
        }
    }

    @Benchmark
    public void fullRecompute(After after, Blackhole bh) {
        PathComputer pc = PathComputer.of(after.snapshot, weigher);
        for (DeviceId d : after.snapshot.devices()) {
            bh.consume(pc.forwardingTo(d));
        }
    }

    @Benchmark
    public void incremental(After after, Blackhole bh) {
        after.snapshot.replaces(before);
        PathComputer pc = PathComputer.of(after.snapshot, weigher);
        for (DeviceId d : after.snapshot.devices()) {
            bh.consume(pc.forwardingTo(d));
        }
    }
}
