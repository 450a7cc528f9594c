package io.skylane.topology.bench;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.NextHops;
import io.skylane.topology.path.Path;
import io.skylane.topology.path.PathComputer;
import io.skylane.topology.testing.Topologies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.AsWeightedGraph;
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
 * Path computation on Al-Fares fat-trees (k=16: 320 switches, 2048 cables; k=32: 1280 switches,
 * 16384 cables), between edge switches of the first and the last pod.
 *
 * <ul>
 * <li>{@code *Cold}: the first query after a change, on a computer with no results yet (the
 *     snapshot's link index is built once, outside the measurement);
 * <li>{@code shortestPathCached}: the same query answered from the destination's table;
 * <li>{@code shortestPathJGraphT}: JGraphT's point-to-point BFS/Dijkstra on the snapshot graph,
 *     for comparison;
 * <li>{@code fullRecompute}: a new snapshot (built in set-up, not measured), then the table
 *     towards every switch, index included: what the forwarding app needs after a change.
 * </ul>
 *
 * <p>Run: {@code java -cp <test classpath> org.openjdk.jmh.Main PathBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class PathBenchmark {

    @Param({"16", "32"})
    public int k;

    /** hops: {@link LinkWeigher#HOP_COUNT}; weighted: aggregation-core links 1, edge links 2 (Dijkstra). */
    @Param({"hops", "weighted"})
    public String weights;

    private TopologySnapshot snapshot;
    private LinkWeigher weigher;
    private Map<Link, Double> weightMap;
    private DeviceId src;
    private DeviceId dst;
    private int ecmpWidth;
    private PathComputer warm;

    @Setup(Level.Trial)
    public void setUp() {
        Topologies.FatTree ft = Topologies.fatTree(k);
        snapshot = ft.snapshot();
        src = ft.edge(0, 0);
        dst = ft.edge(k - 1, k / 2 - 1);
        ecmpWidth = k * k / 4;
        weightMap = new HashMap<>();
        Set<DeviceId> cores = new HashSet<>();
        for (int c = 0; c < k * k / 4; c++) {
            cores.add(ft.core(c));
        }
        snapshot.links().forEach(l -> weightMap.put(l,
                cores.contains(l.srcDevice()) || cores.contains(l.dstDevice()) ? 1.0 : 2.0));
        weigher = "hops".equals(weights) ? LinkWeigher.HOP_COUNT : LinkWeigher.of(weightMap, 1);
        warm = PathComputer.of(snapshot, weigher);
        warm.shortestPath(src, dst).orElseThrow();
    }

    /** A copy of the network as a new snapshot per call, as the topology manager publishes after a change. */
    @State(Scope.Thread)
    public static class FreshSnapshot {
        TopologySnapshot snapshot;

        @Setup(Level.Invocation)
        public void publish(PathBenchmark bench) {
            TopologySnapshot s = bench.snapshot;
            Map<DeviceId, List<PortNumber>> ports = new HashMap<>();
            s.devices().forEach(d -> ports.put(d, new ArrayList<>(s.edgePorts(d))));
            s.links().forEach(l -> ports.get(l.srcDevice()).add(l.src().port()));
            snapshot = new TopologySnapshot(s.version() + 1, Instant.EPOCH, ports, s.links());
        }
    }

    @Benchmark
    public Path shortestPathCold() {
        return new PathComputer(snapshot, weigher).shortestPath(src, dst).orElseThrow();
    }

    @Benchmark
    public Path shortestPathCached() {
        return warm.shortestPath(src, dst).orElseThrow();
    }

    @Benchmark
    public GraphPath<DeviceId, Link> shortestPathJGraphT() {
        return "hops".equals(weights) ? BFSShortestPath.findPathBetween(snapshot.graph(), src, dst)
                : DijkstraShortestPath.findPathBetween(new AsWeightedGraph<>(snapshot.graph(), weightMap), src, dst);
    }

    @Benchmark
    public List<Path> equalCostPathsCold() {
        return new PathComputer(snapshot, weigher).equalCostPaths(src, dst, ecmpWidth);
    }

    @Benchmark
    public NextHops forwardingToCold() {
        return new PathComputer(snapshot, weigher).forwardingTo(dst);
    }

    @Benchmark
    public void fullRecompute(FreshSnapshot fresh, Blackhole bh) {
        PathComputer pc = PathComputer.of(fresh.snapshot, weigher);
        for (DeviceId d : fresh.snapshot.devices()) {
            bh.consume(pc.forwardingTo(d));
        }
    }
}
