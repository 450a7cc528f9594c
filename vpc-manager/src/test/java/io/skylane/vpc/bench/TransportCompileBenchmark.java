package io.skylane.vpc.bench;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.FabricTransport;
import io.skylane.vpc.pipeline.OverlayTransport;
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.pipeline.Transport;
import io.skylane.vpc.pipeline.TunnelEndpoint;
import io.skylane.vpc.pipeline.VpcCompiler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * A cloud of {@code hypervisors} switches and {@code vpcs} VPCs (segments 1..vpcs, so above 4,094:
 * MPLS labels in fabric mode, VNIs in overlay mode) with {@code portsPerVpc} ports each on random
 * hypervisors, compiled in full for every switch, in both modes (generated, no Mininet). Overlay:
 * hypervisors with a tunnel port and no links. Fabric: the same switches as the leaves of a
 * leaf-spine with {@code spines} spines (each leaf cabled to every spine). Set-up prints the rules
 * per hypervisor (mean, max) and in all.
 *
 * <p>Run: {@code ./skylane jmh vpc-manager -- TransportCompileBenchmark -f 1 -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class TransportCompileBenchmark {

    @Param({"overlay", "fabric"})
    public String mode;

    @Param({"1000"})
    public int hypervisors;

    @Param({"10000"})
    public int vpcs;

    @Param({"5"})
    public int portsPerVpc;

    @Param({"8"})
    public int spines;

    private TopologySnapshot snapshot;
    private Transport transport;
    private final Map<UUID, Vpc> vpcMap = new HashMap<>();
    private final List<PlacedPort> placed = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        Map<DeviceId, Set<PortNumber>> ports = new TreeMap<>();
        Set<Link> links = new HashSet<>();
        Map<DeviceId, TunnelEndpoint> endpoints = new TreeMap<>();
        for (int h = 1; h <= hypervisors; h++) {
            DeviceId d = DeviceId.of(h);
            ports.computeIfAbsent(d, k -> new TreeSet<>());
            if (mode.equals("overlay")) {
                ports.get(d).add(PortNumber.of(100));
                endpoints.put(d, new TunnelEndpoint(d, Ip4Address.of(0x0a640000 | h), PortNumber.of(100)));
            } else {
                for (int s = 0; s < spines; s++) {
                    VpcCompilerBenchmark.cable(ports, links, h, 10 + s, 100_000 + s, 1 + h);
                }
            }
        }
        Random rnd = new Random(42);
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        UUID tenant = new UUID(0, 1);
        int next = 0;
        for (int v = 0; v < vpcs; v++) {
            Vpc vpc = new Vpc(Meta.created(new UUID(1, v), tenant, "v" + v, "", now, List.of(), Map.of()), v + 1);
            vpcMap.put(vpc.id(), vpc);
            for (int p = 0; p < portsPerVpc; p++) {
                DeviceId d = DeviceId.of(1 + rnd.nextInt(hypervisors));
                PortNumber n = PortNumber.of(1000 + next);
                ports.get(d).add(n);
                placed.add(new PlacedPort(VpcCompilerBenchmark.port(vpc, next, now, tenant), ConnectPoint.of(d, n)));
                next++;
            }
        }
        snapshot = new TopologySnapshot(1, Instant.EPOCH, ports, links);
        transport = mode.equals("overlay") ? new OverlayTransport(endpoints, 1500)
                : new FabricTransport(snapshot, PathComputer.of(snapshot, LinkWeigher.HOP_COUNT));
        long t0 = System.nanoTime();
        Map<DeviceId, List<FlowRule>> rules = compileAll();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int[] perHv = new int[hypervisors];
        for (int h = 1; h <= hypervisors; h++) {
            perHv[h - 1] = rules.get(DeviceId.of(h)).size();
        }
        long all = rules.values().stream().mapToLong(List::size).sum();
        System.out.printf("%n%s: %d hypervisors, %d VPCs, %d ports: %d rules in all, per hypervisor mean %.0f, "
                + "max %d; spines %s; first compile %d ms%n", mode, hypervisors, vpcs, placed.size(), all,
                Arrays.stream(perHv).average().orElse(0), Arrays.stream(perHv).max().orElse(0),
                mode.equals("fabric") ? String.valueOf(rules.get(DeviceId.of(100_000)).size()) + " rules each" : "none",
                ms);
    }

    @Benchmark
    public Map<DeviceId, List<FlowRule>> compileAll() {
        return new VpcCompiler(snapshot, transport).compile(vpcMap, placed);
    }
}
