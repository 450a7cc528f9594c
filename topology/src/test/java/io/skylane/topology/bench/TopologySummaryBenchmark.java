package io.skylane.topology.bench;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each new snapshot of the k=32 fabric costs while discovery publishes (issue #15): the
 * snapshot itself (1,280 switches of 32 ports, 32,768 links: {@code snapshot}, public API only, so
 * that it runs against an older commit), and the connected parts that {@code GET /v1/topology}
 * reports, counted on a new snapshot without the broadcast tree ({@code snapshotAndConnectedParts})
 * or as the roots of the tree as before ({@code snapshotAndBroadcastTree}).
 * Run: {@code lab/jmh.sh topology -- TopologySummaryBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TopologySummaryBenchmark {

    private static final int K = 32;
    private static final int SWITCHES = 5 * K * K / 4;

    private final Map<DeviceId, List<PortNumber>> ports = new TreeMap<>();
    private final List<Link> links = new ArrayList<>();
    private long version;

    private static ConnectPoint cp(int index, int port) {
        return ConnectPoint.of(DeviceId.of(0x100000L + index), PortNumber.of(port));
    }

    @Setup
    public void setUp() {
        List<PortNumber> all = new ArrayList<>();
        for (int p = 1; p <= K; p++) {
            all.add(PortNumber.of(p));
        }
        for (int i = 0; i < SWITCHES; i++) {
            ports.put(DeviceId.of(0x100000L + i), all);
        }
        // as DiscoveryBenchmark: port p of switch i (of the first half) to port p of switch i + half
        int half = SWITCHES / 2;
        for (int i = 0; i < half && links.size() < K * K * K; i++) {
            for (int p = 1; p <= K && links.size() < K * K * K; p++) {
                Link l = Link.of(cp(i, p), cp(i + half, p));
                links.add(l);
                links.add(l.reverse());
            }
        }
        links.sort(null); // the topology manager hands them over in order
    }

    private TopologySnapshot next() {
        return new TopologySnapshot(++version, Instant.EPOCH, ports, links);
    }

    @Benchmark
    public TopologySnapshot snapshot() {
        return next();
    }

    @Benchmark
    public int snapshotAndConnectedParts() {
        return PathComputer.of(next(), LinkWeigher.HOP_COUNT).connectedParts();
    }

    @Benchmark
    public int snapshotAndBroadcastTree() {
        return PathComputer.of(next(), LinkWeigher.HOP_COUNT).broadcastTree().roots().size();
    }
}
