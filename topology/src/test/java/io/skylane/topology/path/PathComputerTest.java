package io.skylane.topology.path;

import static io.skylane.topology.testing.TopologyBuilder.cp;
import static io.skylane.topology.testing.TopologyBuilder.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.testing.Topologies;
import io.skylane.topology.testing.TopologyBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Shortest, equal-cost and k-shortest paths with known answers. */
class PathComputerTest {

    private static PathComputer hops(TopologySnapshot s) {
        return PathComputer.of(s, LinkWeigher.HOP_COUNT);
    }

    private static List<DeviceId> devs(long... dpids) {
        return java.util.Arrays.stream(dpids).mapToObj(DeviceId::of).toList();
    }

    @Test
    void ringGoesTheShortWayInBothDirections() {
        PathComputer pc = hops(Topologies.ring(6));
        Path cw = pc.shortestPath(dev(1), dev(3)).orElseThrow();
        assertEquals(devs(1, 2, 3), cw.devices());
        assertEquals(List.of(Link.of(cp(1, 1), cp(2, 2)), Link.of(cp(2, 1), cp(3, 2))), cw.links());
        assertEquals(2, cw.cost());
        assertEquals(2, cw.hops());

        assertEquals(devs(1, 6, 5), pc.shortestPath(dev(1), dev(5)).orElseThrow().devices());
        assertEquals(devs(3, 2, 1), pc.shortestPath(dev(3), dev(1)).orElseThrow().devices());
        assertEquals(devs(5, 6, 1), pc.shortestPath(dev(5), dev(1)).orElseThrow().devices());
    }

    @Test
    void oppositeSwitchOfAnEvenRingHasTwoEqualPathsLowestPortFirst() {
        PathComputer pc = hops(Topologies.ring(6));
        List<Path> paths = pc.equalCostPaths(dev(1), dev(4), 10);
        assertEquals(2, paths.size());
        assertEquals(devs(1, 2, 3, 4), paths.get(0).devices());
        assertEquals(devs(1, 6, 5, 4), paths.get(1).devices());
        assertEquals(paths.get(0), pc.shortestPath(dev(1), dev(4)).orElseThrow());
        assertEquals(1, pc.equalCostPaths(dev(1), dev(4), 1).size());
        assertEquals(1, pc.equalCostPaths(dev(1), dev(3), 10).size());
    }

    @Test
    void gridCornerToCornerHasBinomialManyEqualPaths() {
        PathComputer pc = hops(Topologies.grid(3, 3));
        List<Path> paths = pc.equalCostPaths(dev(1), dev(9), 100);
        assertEquals(6, paths.size(), "C(4, 2) monotone lattice paths");
        assertEquals(6, new HashSet<>(paths).size());
        paths.forEach(p -> assertEquals(4, p.hops()));
        assertEquals(4, pc.equalCostPaths(dev(1), dev(9), 4).size());
        // 4x5 grid: C(7, 3) = 35
        assertEquals(35, hops(Topologies.grid(4, 5)).equalCostPaths(dev(1), dev(20), 1000).size());
    }

    @Test
    void fatTreeHasQuarterKSquaredPathsBetweenPodsAndHalfKInsideAPod() {
        Topologies.FatTree ft = Topologies.fatTree(4);
        PathComputer pc = hops(ft.snapshot());
        List<Path> between = pc.equalCostPaths(ft.edge(0, 0), ft.edge(1, 0), 100);
        assertEquals(4, between.size());
        Set<DeviceId> cores = new HashSet<>();
        for (Path p : between) {
            assertEquals(4, p.hops());
            assertEquals(4, p.cost());
            cores.add(p.devices().get(2));
        }
        assertEquals(Set.of(ft.core(0), ft.core(1), ft.core(2), ft.core(3)), cores, "one path per core");
        assertEquals(2, pc.equalCostPaths(ft.edge(0, 0), ft.edge(0, 1), 100).size());
        assertEquals(64, hops(Topologies.fatTree(16).snapshot())
                .equalCostPaths(Topologies.fatTree(16).edge(0, 0), Topologies.fatTree(16).edge(5, 3), 1000).size());
    }

    @Test
    void shortestPathIsTheFirstEqualCostPathForEveryPair() {
        for (TopologySnapshot s : List.of(Topologies.grid(4, 5), Topologies.fatTree(4).snapshot(), Topologies.ring(7))) {
            PathComputer pc = hops(s);
            for (DeviceId a : s.devices()) {
                for (DeviceId b : s.devices()) {
                    assertEquals(pc.equalCostPaths(a, b, 1).get(0), pc.shortestPath(a, b).orElseThrow());
                }
            }
        }
    }

    @Test
    void kShortestPathsComeInIncreasingCost() {
        PathComputer ring = hops(Topologies.ring(6));
        List<Path> two = ring.kShortestPaths(dev(1), dev(3), 5);
        assertEquals(2, two.size(), "a ring has two loopless ways");
        assertEquals(devs(1, 2, 3), two.get(0).devices());
        assertEquals(devs(1, 6, 5, 4, 3), two.get(1).devices());
        assertEquals(4, two.get(1).cost());

        PathComputer grid = hops(Topologies.grid(3, 3));
        List<Path> paths = grid.kShortestPaths(dev(1), dev(9), 12);
        assertEquals(12, paths.size());
        for (int i = 0; i < paths.size(); i++) {
            Path p = paths.get(i);
            assertEquals(p.hops(), p.cost());
            assertEquals(p.devices().size(), new HashSet<>(p.devices()).size(), "loopless");
            if (i > 0) {
                assertTrue(p.cost() >= paths.get(i - 1).cost(), "non-decreasing cost");
            }
        }
        assertEquals(6, paths.stream().filter(p -> p.cost() == 4).count(), "the 6 shortest come first");
        assertEquals(new HashSet<>(grid.equalCostPaths(dev(1), dev(9), 6)), new HashSet<>(paths.subList(0, 6)));
        assertEquals(12, new HashSet<>(paths).size());

        Topologies.FatTree ft = Topologies.fatTree(4);
        List<Path> fat = hops(ft.snapshot()).kShortestPaths(ft.edge(0, 0), ft.edge(1, 0), 6);
        assertEquals(List.of(4.0, 4.0, 4.0, 4.0, 6.0, 6.0), fat.stream().map(Path::cost).toList());
    }

    @Test
    void selfUnknownAndDisconnectedGiveLocalOrEmpty() {
        TopologyBuilder b = new TopologyBuilder();
        b.cable(1, 2);
        b.cable(3, 4);
        PathComputer pc = hops(b.build());
        assertEquals(Path.local(dev(1)), pc.shortestPath(dev(1), dev(1)).orElseThrow());
        assertEquals(List.of(Path.local(dev(1))), pc.equalCostPaths(dev(1), dev(1), 3));
        assertEquals(List.of(Path.local(dev(1))), pc.kShortestPaths(dev(1), dev(1), 3));
        assertTrue(pc.shortestPath(dev(1), dev(3)).isEmpty());
        assertTrue(pc.equalCostPaths(dev(1), dev(3), 3).isEmpty());
        assertTrue(pc.kShortestPaths(dev(1), dev(3), 3).isEmpty());
        assertTrue(pc.shortestPath(dev(1), dev(99)).isEmpty());
        assertTrue(pc.shortestPath(dev(99), dev(1)).isEmpty());
        assertTrue(pc.kShortestPaths(dev(99), dev(1), 2).isEmpty());
        assertTrue(pc.forwardingTo(dev(99)).entries().isEmpty());
        assertEquals(Set.of(dev(4)), pc.forwardingTo(dev(3)).devices());
        assertTrue(hops(TopologySnapshot.empty(java.time.Instant.EPOCH)).shortestPath(dev(1), dev(2)).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> pc.equalCostPaths(dev(1), dev(2), 0));
        assertThrows(IllegalArgumentException.class, () -> pc.kShortestPaths(dev(1), dev(2), 0));
    }

    @Test
    void parallelLinksAreDistinctEqualCostPaths() {
        TopologyBuilder b = new TopologyBuilder();
        Link first = b.cable(1, 2);
        Link second = b.cable(1, 2);
        b.cable(2, 3);
        PathComputer pc = hops(b.build());
        List<Path> paths = pc.equalCostPaths(dev(1), dev(3), 10);
        assertEquals(2, paths.size());
        assertEquals(first, paths.get(0).links().get(0));
        assertEquals(second, paths.get(1).links().get(0));
        assertEquals(paths.get(0), pc.shortestPath(dev(1), dev(3)).orElseThrow());
        assertEquals(1, pc.kShortestPaths(dev(1), dev(3), 5).size(), "k-shortest counts switch sequences");
    }

    @Test
    void weightsFromAMapChooseTheLighterLongerWay() {
        TopologySnapshot triangle = Topologies.fullMesh(3);
        Link direct = Link.of(cp(1, 3), cp(3, 1));
        assertEquals(devs(1, 3), hops(triangle).shortestPath(dev(1), dev(3)).orElseThrow().devices());

        LinkWeigher heavyDirect = LinkWeigher.of(Map.of(direct, 10.0, direct.reverse(), 10.0), 1);
        PathComputer pc = PathComputer.of(triangle, heavyDirect);
        Path p = pc.shortestPath(dev(1), dev(3)).orElseThrow();
        assertEquals(devs(1, 2, 3), p.devices());
        assertEquals(2, p.cost());
        assertEquals(List.of(2.0, 10.0), pc.kShortestPaths(dev(1), dev(3), 3).stream().map(Path::cost).toList());
    }

    @Test
    void weightsFromPortSpeedsPreferFastLinks() {
        TopologySnapshot triangle = Topologies.fullMesh(3);
        // the direct cable 1-3 runs at 1 Gbit/s, the others at 10 Gbit/s
        LinkWeigher bySpeed = LinkWeigher.bySpeed(
                c -> (c.deviceId().dpid() == 1 && c.port().value() == 3)
                        || (c.deviceId().dpid() == 3 && c.port().value() == 1) ? 1_000_000L : 10_000_000L,
                10_000_000L);
        Path p = PathComputer.of(triangle, bySpeed).shortestPath(dev(1), dev(3)).orElseThrow();
        assertEquals(devs(1, 2, 3), p.devices());
        assertEquals(2, p.cost());
    }

    @Test
    void badWeightIsRejectedWhenUsed() {
        PathComputer pc = PathComputer.of(Topologies.ring(3), l -> 0);
        assertThrows(IllegalArgumentException.class, () -> pc.shortestPath(dev(1), dev(2)));
    }

    @Test
    void resultsAreCachedPerSnapshotAndWeigher() {
        TopologySnapshot s = Topologies.ring(5);
        assertSame(hops(s), hops(s));
        Map<Link, Double> m = Map.of(Link.of(cp(1, 1), cp(2, 2)), 3.0);
        assertSame(PathComputer.of(s, LinkWeigher.of(m, 1)), PathComputer.of(s, LinkWeigher.of(m, 1)),
                "equal weighers share");
        assertNotSame(hops(s), PathComputer.of(s, LinkWeigher.of(m, 1)));
        assertNotSame(hops(s), hops(Topologies.ring(5)), "another snapshot, another computer");
        assertSame(hops(s).forwardingTo(dev(1)), hops(s).forwardingTo(dev(1)));
        assertSame(hops(s).broadcastTree(), PathComputer.of(s, LinkWeigher.of(m, 1)).broadcastTree());
        assertSame(hops(s).kShortestPaths(dev(1), dev(3), 2), hops(s).kShortestPaths(dev(1), dev(3), 2));
        assertNotSame(new PathComputer(s, LinkWeigher.HOP_COUNT).forwardingTo(dev(1)), hops(s).forwardingTo(dev(1)));
    }
}
