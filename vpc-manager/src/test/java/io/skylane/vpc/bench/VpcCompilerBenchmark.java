package io.skylane.vpc.bench;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.pipeline.SwitchRules;
import io.skylane.vpc.pipeline.VpcCompiler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
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
 * Compiling the tenant pipeline for every switch of a generated fat-tree (no Mininet): {@code ports}
 * tenant ports in {@code vpcs} VPCs (ports of a VPC on random edge switches), one full compile per
 * operation. Set-up prints the size of the result, the heap it holds, and how many rules change
 * when one port is added to a VPC (the FLOW_MODs the flow rule service would send).
 *
 * <p>Run: {@code ./skylane jmh vpc-manager -- VpcCompilerBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class VpcCompilerBenchmark {

    @Param({"8"})
    public int k;

    @Param({"1000"})
    public int vpcs;

    @Param({"10000"})
    public int ports;

    private TopologySnapshot snapshot;
    private final Map<UUID, Vpc> vpcMap = new HashMap<>();
    private final List<PlacedPort> placed = new ArrayList<>();
    private final Set<DeviceId> firstVpcSwitches = new TreeSet<>();
    private int firstVpcSegment;

    @Setup(Level.Trial)
    public void setUp() {
        List<ConnectPoint> edgePorts = new ArrayList<>();
        snapshot = fatTree(k, (ports + k * k / 2 - 1) / (k * k / 2), edgePorts);
        Random rnd = new Random(42);
        Instant now = Instant.parse("2026-11-25T00:00:00Z");
        UUID tenant = new UUID(0, 1);
        List<Vpc> list = new ArrayList<>();
        for (int v = 0; v < vpcs; v++) {
            Vpc vpc = new Vpc(Meta.created(new UUID(1, v), tenant, "v" + v, "", now, List.of(), Map.of()), v % 4094 + 1);
            vpcMap.put(vpc.id(), vpc);
            list.add(vpc);
        }
        java.util.Collections.shuffle(edgePorts, rnd);
        for (int i = 0; i < ports; i++) {
            Vpc vpc = list.get(i % vpcs);
            placed.add(new PlacedPort(port(vpc, i, now, tenant), edgePorts.get(i)));
        }
        UUID firstVpc = list.get(0).id();
        firstVpcSegment = list.get(0).segmentId();
        placed.stream().filter(p -> p.port().vpcId().equals(firstVpc))
                .forEach(p -> firstVpcSwitches.add(p.location().deviceId()));
        Map<DeviceId, List<FlowRule>> before = compileOnce();
        long rules = before.values().stream().mapToLong(List::size).sum();
        int max = before.values().stream().mapToInt(List::size).max().orElse(0);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long used0 = rt.totalMemory() - rt.freeMemory();
        Map<DeviceId, List<FlowRule>> held = compileOnce();
        System.gc();
        long used1 = rt.totalMemory() - rt.freeMemory();
        // One more port in the first VPC, on a switch that already has one of its ports.
        PlacedPort first = placed.get(0);
        placed.add(new PlacedPort(port(list.get(0), ports, now, tenant),
                ConnectPoint.of(first.location().deviceId(), PortNumber.of(60000))));
        Map<DeviceId, List<FlowRule>> after = compileOnce();
        placed.remove(placed.size() - 1);
        long changed = 0;
        int switches = 0;
        for (DeviceId d : after.keySet()) {
            Set<FlowRule> a = new HashSet<>(after.get(d));
            Set<FlowRule> b = new HashSet<>(before.get(d));
            long diff = a.stream().filter(r -> !b.contains(r)).count() + b.stream().filter(r -> !a.contains(r)).count();
            changed += diff;
            switches += diff > 0 ? 1 : 0;
        }
        System.out.printf("%n%d switches, %d ports in %d VPCs: %d rules (max %d on a switch), about %d MB held; "
                + "adding one port changes %d rules on %d switches%n", after.size(), ports, vpcs, rules, max,
                (used1 - used0) / (1024 * 1024), changed, switches);
        if (held.isEmpty()) {
            throw new IllegalStateException();
        }
    }

    public static Port port(Vpc vpc, int i, Instant now, UUID tenant) {
        Port.FixedIp ip = new Port.FixedIp(new UUID(2, vpc.id().getLeastSignificantBits()),
                IpAddresses.parse("10.0." + (i / 250 % 250) + "." + (i % 250 + 2)));
        // Unique per VPC and index (ports of different VPCs may share addresses, never an id).
        UUID id = new UUID(3L | vpc.id().getLeastSignificantBits() << 8, i);
        return new Port(Meta.created(id, tenant, "", "", now, List.of(), Map.of()), vpc.id(), List.of(ip),
                MacAddress.of(0x020000000000L | i), List.of(), true, List.of(), null, "", "", true, Port.Status.DOWN);
    }

    private Map<DeviceId, List<FlowRule>> compileOnce() {
        return new VpcCompiler(snapshot, PathComputer.of(snapshot, LinkWeigher.HOP_COUNT)).compile(vpcMap, placed);
    }

    @Benchmark
    public Map<DeviceId, List<FlowRule>> compileAll() {
        return compileOnce();
    }

    /**
     * What the tenant data plane compiles for a change to one VPC since issue #15: on the switches
     * that host its ports (about 8 here), their base rules and that VPC's part (the other VPCs' parts
     * there are kept), with every input still read in full.
     */
    @Benchmark
    public Map<DeviceId, SwitchRules> compileOneVpc() {
        return new VpcCompiler(snapshot, PathComputer.of(snapshot, LinkWeigher.HOP_COUNT))
                .compileParts(vpcMap, placed, null, Map.of(), firstVpcSwitches, Set.of(firstVpcSegment));
    }

    /** Nothing compiled: the fixed cost of a compile (indexing every placed port, the paths). */
    @Benchmark
    public Map<DeviceId, SwitchRules> compileNothing() {
        return new VpcCompiler(snapshot, PathComputer.of(snapshot, LinkWeigher.HOP_COUNT))
                .compileParts(vpcMap, placed, null, Map.of(), Set.of(), Set.of());
    }

    /** A k-ary fat-tree with {@code hostPorts} host ports on each edge switch (collected in {@code edges}). */
    static TopologySnapshot fatTree(int k, int hostPorts, List<ConnectPoint> edges) {
        Map<DeviceId, Set<PortNumber>> ports = new TreeMap<>();
        Set<Link> links = new HashSet<>();
        int half = k / 2;
        long next = 1;
        List<Long> core = new ArrayList<>();
        for (int i = 0; i < half * half; i++) {
            core.add(next++);
        }
        for (int pod = 0; pod < k; pod++) {
            List<Long> aggs = new ArrayList<>();
            List<Long> edgeSwitches = new ArrayList<>();
            for (int i = 0; i < half; i++) {
                aggs.add(next++);
            }
            for (int i = 0; i < half; i++) {
                edgeSwitches.add(next++);
            }
            for (int a = 0; a < half; a++) {
                for (int j = 0; j < half; j++) {
                    cable(ports, links, aggs.get(a), 10 + j, core.get(a * half + j), 100 + pod);
                }
                for (int e = 0; e < half; e++) {
                    cable(ports, links, aggs.get(a), 50 + e, edgeSwitches.get(e), 10 + a);
                }
            }
            for (long e : edgeSwitches) {
                for (int p = 0; p < hostPorts; p++) {
                    ConnectPoint cp = ConnectPoint.of(DeviceId.of(e), PortNumber.of(1000 + p));
                    ports.computeIfAbsent(cp.deviceId(), x -> new TreeSet<>()).add(cp.port());
                    edges.add(cp);
                }
            }
        }
        return new TopologySnapshot(1, Instant.EPOCH, ports, links);
    }

    static void cable(Map<DeviceId, Set<PortNumber>> ports, Set<Link> links, long a, long pa, long b, long pb) {
        ConnectPoint x = ConnectPoint.of(DeviceId.of(a), PortNumber.of(pa));
        ConnectPoint y = ConnectPoint.of(DeviceId.of(b), PortNumber.of(pb));
        ports.computeIfAbsent(x.deviceId(), d -> new TreeSet<>()).add(x.port());
        ports.computeIfAbsent(y.deviceId(), d -> new TreeSet<>()).add(y.port());
        links.add(Link.of(x, y));
        links.add(Link.of(y, x));
    }
}
