package io.skylane.topology.path;

import static io.skylane.topology.testing.TopologyBuilder.cp;
import static io.skylane.topology.testing.TopologyBuilder.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.testing.Topologies;
import io.skylane.topology.testing.TopologyBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Per-destination next-hop tables: ECMP sets and loop-free alternates with known answers. */
class NextHopsTest {

    private static Set<PortNumber> ports(long... p) {
        return java.util.Arrays.stream(p).mapToObj(PortNumber::of).collect(java.util.stream.Collectors.toSet());
    }

    private static Optional<PortNumber> port(long p) {
        return Optional.of(PortNumber.of(p));
    }

    @Test
    void fatTreeTowardsAnEdgeSwitchSpreadsOverEveryUplink() {
        Topologies.FatTree ft = Topologies.fatTree(4);
        NextHops nh = PathComputer.of(ft.snapshot(), LinkWeigher.HOP_COUNT).forwardingTo(ft.edge(0, 0));
        assertEquals(ft.edge(0, 0), nh.destination());
        assertEquals(19, nh.devices().size(), "every other switch");
        assertTrue(nh.entry(ft.edge(0, 0)).isEmpty(), "no entry for the destination itself");

        assertEquals(ports(3, 4), nh.ports(ft.edge(1, 0)), "edge of another pod: both uplinks");
        assertEquals(4, nh.entry(ft.edge(1, 0)).orElseThrow().cost());
        assertEquals(ports(3, 4), nh.ports(ft.agg(1, 1)), "aggregation of another pod: both cores");
        assertEquals(3, nh.entry(ft.agg(1, 1)).orElseThrow().cost());
        for (int c = 0; c < 4; c++) {
            assertEquals(ports(1), nh.ports(ft.core(c)), "core: down to pod 0");
        }
        assertEquals(ports(1), nh.ports(ft.agg(0, 1)), "aggregation of the pod: down to edge 0");
        assertEquals(ports(3, 4), nh.ports(ft.edge(0, 1)), "edge of the pod: both aggregations");
        assertEquals(2, nh.entry(ft.edge(0, 1)).orElseThrow().cost());

        // bipartite with equal weights: no switch has a loop-free alternate, ECMP protects instead
        nh.entries().values().forEach(e -> assertTrue(e.alternate().isEmpty(), e.toString()));
    }

    @Test
    void entryListsNextHopLinksInPortOrder() {
        Topologies.FatTree ft = Topologies.fatTree(4);
        NextHops.Entry e = PathComputer.of(ft.snapshot(), LinkWeigher.HOP_COUNT)
                .forwardingTo(ft.edge(0, 0)).entry(ft.edge(2, 1)).orElseThrow();
        assertEquals(ft.edge(2, 1), e.device());
        assertEquals(2, e.links().size());
        assertEquals(ft.agg(2, 0), e.links().get(0).dstDevice());
        assertEquals(ft.agg(2, 1), e.links().get(1).dstDevice());
        assertEquals(java.util.List.of(PortNumber.of(3), PortNumber.of(4)), java.util.List.copyOf(e.ports()));
    }

    @Test
    void oddRingHasAlternatesTwoHopsAway() {
        NextHops nh = PathComputer.of(Topologies.ring(5), LinkWeigher.HOP_COUNT).forwardingTo(dev(1));
        // 3 -> 2 -> 1 primary; 4 is at distance 2 from 1 and does not come back through 3
        assertEquals(ports(2), nh.ports(dev(3)));
        assertEquals(port(1), nh.alternatePort(dev(3)));
        assertEquals(ports(1), nh.ports(dev(4)));
        assertEquals(port(2), nh.alternatePort(dev(4)));
        // 2's other neighbour 3 would send the traffic back through 2
        assertEquals(ports(2), nh.ports(dev(2)));
        assertTrue(nh.alternatePort(dev(2)).isEmpty());
        assertTrue(nh.alternatePort(dev(5)).isEmpty());
    }

    @Test
    void evenRingHasEcmpOppositeAndNoAlternates() {
        NextHops nh = PathComputer.of(Topologies.ring(6), LinkWeigher.HOP_COUNT).forwardingTo(dev(1));
        assertEquals(ports(1, 2), nh.ports(dev(4)));
        assertEquals(3, nh.entry(dev(4)).orElseThrow().cost());
        assertEquals(ports(2), nh.ports(dev(2)));
        assertEquals(ports(1), nh.ports(dev(6)));
        for (long d = 2; d <= 6; d++) {
            assertTrue(nh.alternatePort(dev(d)).isEmpty(), "switch " + d);
        }
    }

    @Test
    void triangleAndMeshProtectEveryLinkLowestPortFirst() {
        NextHops tri = PathComputer.of(Topologies.fullMesh(3), LinkWeigher.HOP_COUNT).forwardingTo(dev(3));
        assertEquals(ports(3), tri.ports(dev(1)));
        assertEquals(port(2), tri.alternatePort(dev(1)));
        assertEquals(port(1), tri.alternatePort(dev(2)));

        NextHops mesh = PathComputer.of(Topologies.fullMesh(5), LinkWeigher.HOP_COUNT).forwardingTo(dev(5));
        assertEquals(ports(5), mesh.ports(dev(1)));
        assertEquals(port(2), mesh.alternatePort(dev(1)));
        assertEquals(port(1), mesh.alternatePort(dev(4)));
    }

    @Test
    void heavierParallelLinkIsALinkProtectingAlternate() {
        TopologyBuilder b = new TopologyBuilder();
        Link light = b.cable(1, 2);
        Link heavy = b.cable(1, 2);
        LinkWeigher w = LinkWeigher.of(Map.of(heavy, 5.0, heavy.reverse(), 5.0), 1);
        NextHops nh = PathComputer.of(b.build(), w).forwardingTo(dev(2));
        NextHops.Entry e = nh.entry(dev(1)).orElseThrow();
        assertEquals(java.util.List.of(light), e.links());
        assertEquals(Optional.of(heavy), e.alternate());

        NextHops equal = PathComputer.of(b.build(), LinkWeigher.HOP_COUNT).forwardingTo(dev(2));
        assertEquals(ports(1, 2), equal.ports(dev(1)), "equal parallel links are both next hops");
        assertTrue(equal.alternatePort(dev(1)).isEmpty());
    }

    @Test
    void alternatePrefersAnotherSwitchOverAParallelLinkToTheNextHop() {
        // 1 -> 2 by a light and a heavy cable; 1 -> 3 -> 2 as well; destination 2
        TopologyBuilder b = new TopologyBuilder();
        Link light = b.cable(1, 2);
        Link heavy = b.cable(1, 2);
        Link via3 = b.cable(1, 3);
        b.cable(3, 2);
        Map<Link, Double> w = new HashMap<>();
        w.put(heavy, 1.5);
        w.put(via3, 2.0);
        NextHops nh = PathComputer.of(b.build(), LinkWeigher.of(w, 1)).forwardingTo(dev(2));
        assertEquals(java.util.List.of(light), nh.entry(dev(1)).orElseThrow().links());
        assertEquals(Optional.of(via3), nh.entry(dev(1)).orElseThrow().alternate(),
                "node-protecting via 3 beats the cheaper parallel link");
    }

    /*
     * 1 -> 3 is the primary towards 3. Neighbour 2 has its own way to 3 (weight w23), but its
     * shortest way back to 1 is 2 -> 4 -> 1 (2), not the heavy direct 2 -> 1 (10). 2 is a
     * loop-free alternate only if dist(2, 3) < dist(2, 1) + dist(1, 3) = 3 with the true
     * dist(2, 1): with 2 -> 3 at 3.5, 2 reaches 3 through 1 (3), so it is not.
     */
    private static TopologySnapshot asymmetric(double w23, Map<Link, Double> weights) {
        TopologyBuilder b = new TopologyBuilder();
        Link l12 = b.cable(1, 2);
        b.cable(1, 3);
        Link l23 = b.cable(2, 3);
        b.cable(2, 4);
        b.cable(4, 1);
        weights.put(l12.reverse(), 10.0);
        weights.put(l23, w23);
        weights.put(l23.reverse(), w23);
        return b.build();
    }

    @Test
    void alternateUsesTheTrueDistanceBackNotTheDirectLink() {
        Map<Link, Double> w = new HashMap<>();
        TopologySnapshot loops = asymmetric(3.5, w);
        NextHops nh = PathComputer.of(loops, LinkWeigher.of(w, 1)).forwardingTo(dev(3));
        assertEquals(ports(2), nh.ports(dev(1)));
        assertTrue(nh.alternatePort(dev(1)).isEmpty(), "2 would loop back through 1");

        Map<Link, Double> w2 = new HashMap<>();
        TopologySnapshot protects = asymmetric(2.5, w2);
        NextHops ok = PathComputer.of(protects, LinkWeigher.of(w2, 1)).forwardingTo(dev(3));
        assertEquals(port(1), ok.alternatePort(dev(1)), "2 reaches 3 on its own");
    }

    @Test
    void unreachableSwitchesHaveNoEntry() {
        TopologyBuilder b = new TopologyBuilder();
        b.cable(1, 2);
        b.cable(3, 4);
        b.link(5, 1, 1, 9); // 5 reaches 1 one way only
        NextHops nh = PathComputer.of(b.build(), LinkWeigher.HOP_COUNT).forwardingTo(dev(1));
        assertEquals(Set.of(dev(2), dev(5)), nh.devices());
        assertTrue(nh.ports(dev(3)).isEmpty());
        assertTrue(nh.entry(dev(3)).isEmpty());
        assertTrue(nh.entry(dev(42)).isEmpty());
        assertFalse(PathComputer.of(b.build(), LinkWeigher.HOP_COUNT).forwardingTo(dev(5)).devices().contains(dev(1)),
                "the one-way link does not carry traffic back");
    }

    @Test
    void tablesAgreeWithIndependentBreadthFirstDistances() {
        TopologySnapshot s = Topologies.grid(5, 7);
        PathComputer pc = PathComputer.of(s, LinkWeigher.HOP_COUNT);
        for (DeviceId dst : s.devices()) {
            NextHops nh = pc.forwardingTo(dst);
            var bfs = new org.jgrapht.alg.shortestpath.BFSShortestPath<>(s.graph()).getPaths(dst);
            for (DeviceId d : s.devices()) {
                if (!d.equals(dst)) {
                    NextHops.Entry e = nh.entry(d).orElseThrow();
                    assertEquals(bfs.getWeight(d), e.cost(), "grid is symmetric");
                    for (Link l : e.links()) {
                        assertEquals(e.cost() - 1, nh.entry(l.dstDevice()).map(NextHops.Entry::cost).orElse(0.0));
                    }
                }
            }
        }
    }
}
