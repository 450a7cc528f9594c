package io.skylane.topology.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.testing.Topologies;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm.SingleSourcePaths;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full recompute (the table towards every switch) on data-centre sized fat-trees completes and
 * is right: every table checked for coverage, samples checked against the fat-tree's known
 * distances and ECMP widths, and against JGraphT's plain BFS. Speed is the benchmark's business.
 */
class LargeFatTreeTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void fullRecomputeIsCompleteAndCorrect(int k) {
        Topologies.FatTree ft = Topologies.fatTree(k);
        int half = k / 2;
        int n = ft.switches();
        PathComputer pc = new PathComputer(ft.snapshot(), LinkWeigher.HOP_COUNT);

        Map<DeviceId, NextHops> all = ft.snapshot().devices().parallelStream()
                .collect(Collectors.toMap(d -> d, pc::forwardingTo));
        assertEquals(n, all.size());
        all.forEach((dst, nh) -> assertEquals(n - 1, nh.devices().size(), "everyone reaches " + dst));

        Random random = new Random(k);
        for (int i = 0; i < 8; i++) {
            int pod = random.nextInt(k);
            int e = random.nextInt(half);
            NextHops toEdge = all.get(ft.edge(pod, e));
            int other = (pod + 1 + random.nextInt(k - 1)) % k;
            Set<PortNumber> uplinks = IntStream.rangeClosed(half + 1, k).mapToObj(PortNumber::of)
                    .collect(Collectors.toSet());
            NextHops.Entry far = toEdge.entry(ft.edge(other, random.nextInt(half))).orElseThrow();
            assertEquals(4, far.cost());
            assertEquals(uplinks, far.ports());
            NextHops.Entry agg = toEdge.entry(ft.agg(other, random.nextInt(half))).orElseThrow();
            assertEquals(3, agg.cost());
            assertEquals(uplinks, agg.ports());
            NextHops.Entry core = toEdge.entry(ft.core(random.nextInt(half * half))).orElseThrow();
            assertEquals(2, core.cost());
            assertEquals(Set.of(PortNumber.of(pod + 1)), core.ports());
            assertEquals(Set.of(PortNumber.of(e + 1)), toEdge.ports(ft.agg(pod, random.nextInt(half))));
            toEdge.entries().values().forEach(x -> assertTrue(x.alternate().isEmpty()));

            int c = random.nextInt(half * half);
            NextHops toCore = all.get(ft.core(c));
            assertEquals(2, toCore.entry(ft.edge(pod, e)).orElseThrow().cost());
            assertEquals(Set.of(PortNumber.of(half + 1 + c / half)), toCore.ports(ft.edge(pod, e)),
                    "only the aggregation switch wired to that core");
            int a = (c / half + 1) % half;
            assertEquals(3, toCore.entry(ft.agg(pod, a)).orElseThrow().cost());
            assertEquals(half, toCore.ports(ft.agg(pod, a)).size(), "down to every edge and back up");
        }

        for (int i = 0; i < 3; i++) {
            DeviceId dst = java.util.List.copyOf(ft.snapshot().devices()).get(random.nextInt(n));
            SingleSourcePaths<DeviceId, Link> bfs = new BFSShortestPath<>(ft.snapshot().graph()).getPaths(dst);
            all.get(dst).entries().forEach((d, x) -> assertEquals(bfs.getWeight(d), x.cost(), d + " to " + dst));
        }

        DeviceId a = ft.edge(0, 0);
        DeviceId b = ft.edge(k - 1, half - 1);
        assertEquals(half * half, pc.equalCostPaths(a, b, Integer.MAX_VALUE).size(), "(k/2)^2 paths between pods");
        assertEquals(4, pc.shortestPath(a, b).orElseThrow().hops());
        assertEquals(n - 1, pc.broadcastTree().cables());
    }

    /** Core links weigh 1, edge links 2: Dijkstra, and alternates checked with bounded searches. */
    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void weightedTablesHaveTheExpectedCostsAndWidths(int k) {
        Topologies.FatTree ft = Topologies.fatTree(k);
        int half = k / 2;
        Set<DeviceId> cores = IntStream.range(0, half * half).mapToObj(ft::core).collect(Collectors.toSet());
        Map<Link, Double> w = ft.snapshot().links().stream().collect(Collectors.toMap(l -> l,
                l -> cores.contains(l.srcDevice()) || cores.contains(l.dstDevice()) ? 1.0 : 2.0));
        PathComputer pc = new PathComputer(ft.snapshot(), LinkWeigher.of(w, 1));
        for (int pod = 0; pod < k; pod += 5) {
            NextHops nh = pc.forwardingTo(ft.edge(pod, pod % half));
            assertEquals(ft.switches() - 1, nh.devices().size());
            NextHops.Entry far = nh.entry(ft.edge((pod + 1) % k, 0)).orElseThrow();
            assertEquals(6, far.cost(), "2 + 1 + 1 + 2");
            assertEquals(half, far.ports().size());
            assertEquals(3, nh.entry(ft.core(0)).orElseThrow().cost(), "1 + 2");
            assertEquals(4, nh.entry(ft.edge(pod, (pod + 1) % half)).orElseThrow().cost());
            nh.entries().values().forEach(x -> assertTrue(x.alternate().isEmpty(), x.toString()));
        }
        assertEquals(half * half, pc.equalCostPaths(ft.edge(0, 0), ft.edge(1, 0), Integer.MAX_VALUE).size());
    }
}
