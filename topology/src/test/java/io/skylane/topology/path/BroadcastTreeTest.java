package io.skylane.topology.path;

import static io.skylane.topology.testing.TopologyBuilder.cp;
import static io.skylane.topology.testing.TopologyBuilder.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.testing.Topologies;
import io.skylane.topology.testing.TopologyBuilder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jgrapht.GraphTests;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.AsUndirectedGraph;
import org.jgrapht.graph.Multigraph;
import org.junit.jupiter.api.Test;

/** The broadcast tree spans every connected part without a cycle, so floods reach all once. */
class BroadcastTreeTest {

    private static BroadcastTree tree(TopologySnapshot s) {
        return PathComputer.of(s, LinkWeigher.HOP_COUNT).broadcastTree();
    }

    /** Tree cables as an undirected graph over all switches. */
    private static Multigraph<DeviceId, Link> asGraph(TopologySnapshot s, BroadcastTree t) {
        Multigraph<DeviceId, Link> g = new Multigraph<>(null, null, false);
        s.devices().forEach(g::addVertex);
        t.links().stream().filter(l -> l.src().compareTo(l.dst()) < 0)
                .forEach(l -> g.addEdge(l.srcDevice(), l.dstDevice(), l));
        return g;
    }

    private static void assertSpanningForest(TopologySnapshot s) {
        BroadcastTree t = tree(s);
        int parts = new ConnectivityInspector<>(new AsUndirectedGraph<>(s.graph())).connectedSets().size();
        Multigraph<DeviceId, Link> g = asGraph(s, t);
        assertTrue(GraphTests.isForest(g), "no cycle");
        assertEquals(s.devices().size() - parts, t.cables(), "n - parts cables");
        assertEquals(parts, new ConnectivityInspector<>(g).connectedSets().size(), "spans each part");
        assertEquals(parts, t.roots().size());
        for (Link l : t.links()) {
            assertTrue(s.links().contains(l) && t.links().contains(l.reverse()));
            assertTrue(t.isTreePort(l.src()) && t.isTreePort(l.dst()));
        }
        assertEquals(2 * t.cables(), t.ports().size(), "two tree ports per cable");
        for (DeviceId d : s.devices()) {
            for (PortNumber p : s.edgePorts(d)) {
                floodReachesEveryHostOnce(s, t, ConnectPoint.of(d, p));
            }
        }
    }

    /** Floods out of tree and edge ports, never the in port; every host port must see it once. */
    private static void floodReachesEveryHostOnce(TopologySnapshot s, BroadcastTree t, ConnectPoint ingress) {
        Map<ConnectPoint, Integer> delivered = new HashMap<>();
        Map<DeviceId, Integer> visits = new HashMap<>();
        Deque<ConnectPoint> arrivals = new ArrayDeque<>();
        arrivals.add(ingress);
        int budget = 10 * (s.links().size() + s.edgePorts().size() + 1);
        while (!arrivals.isEmpty()) {
            assertTrue(budget-- > 0, "flood loops from " + ingress);
            ConnectPoint in = arrivals.poll();
            DeviceId d = in.deviceId();
            visits.merge(d, 1, Integer::sum);
            Set<PortNumber> out = new HashSet<>(t.ports(d));
            out.addAll(s.edgePorts(d));
            out.remove(in.port());
            for (PortNumber p : out) {
                ConnectPoint cp = ConnectPoint.of(d, p);
                if (s.edgePorts(d).contains(p)) {
                    delivered.merge(cp, 1, Integer::sum);
                } else {
                    arrivals.add(s.linkFrom(cp).orElseThrow().dst());
                }
            }
        }
        Set<DeviceId> part = new ConnectivityInspector<>(new AsUndirectedGraph<>(s.graph()))
                .connectedSetOf(ingress.deviceId());
        visits.forEach((d, n) -> assertEquals(1, n, "switch " + d + " from " + ingress));
        assertEquals(part, visits.keySet());
        delivered.forEach((cp, n) -> assertEquals(1, n, "host port " + cp + " from " + ingress));
        long hostPorts = s.edgePorts().entries().stream().filter(e -> part.contains(e.getKey())).count();
        assertEquals(hostPorts - 1, delivered.size(), "every host port but the ingress");
    }

    @Test
    void ringTreeDropsExactlyOneCable() {
        BroadcastTree t = tree(Topologies.ring(6));
        assertEquals(5, t.cables());
        assertEquals(Set.of(dev(1)), t.roots());
        assertEquals(Set.of(PortNumber.of(1), PortNumber.of(2)), t.ports(dev(1)), "root's both cables");
        assertSpanningForest(Topologies.ring(6));
        assertSpanningForest(Topologies.ring(7));
    }

    @Test
    void generatedTopologiesGetSpanningTrees() {
        assertSpanningForest(Topologies.linear(6));
        assertSpanningForest(Topologies.grid(4, 5));
        assertSpanningForest(Topologies.fullMesh(6));
        assertSpanningForest(Topologies.fatTree(4).snapshot());
    }

    @Test
    void fatTreeIsRootedAtTheLowestDpidAndShallow() {
        Topologies.FatTree ft = Topologies.fatTree(8);
        BroadcastTree t = tree(ft.snapshot());
        assertEquals(Set.of(ft.edge(0, 0)), t.roots());
        assertEquals(ft.switches() - 1, t.cables());
        // breadth-first: the root keeps all of its uplinks
        assertEquals(ft.half(), t.ports(ft.edge(0, 0)).size());
    }

    @Test
    void eachConnectedPartHasItsOwnTree() {
        TopologyBuilder b = new TopologyBuilder();
        b.cable(5, 6);
        b.cable(6, 7);
        b.cable(7, 5);
        b.cable(2, 3);
        b.hostPorts(5, 1).hostPorts(2, 2).hostPorts(9, 1);
        TopologySnapshot s = b.build();
        BroadcastTree t = tree(s);
        assertEquals(Set.of(dev(2), dev(5), dev(9)), t.roots());
        assertEquals(3, t.cables());
        assertTrue(t.ports(dev(9)).isEmpty());
        assertSpanningForest(s);
    }

    @Test
    void parallelCablesAreUsedOnce() {
        TopologyBuilder b = new TopologyBuilder();
        b.cable(1, 2);
        b.cable(1, 2);
        b.hostPorts(1, 1).hostPorts(2, 1);
        TopologySnapshot s = b.build();
        BroadcastTree t = tree(s);
        assertEquals(1, t.cables());
        assertEquals(Set.of(PortNumber.of(1)), t.ports(dev(1)), "the lower port");
        assertFalse(t.isTreePort(cp(1, 2)));
        assertSpanningForest(s);
    }

    @Test
    void oneWayLinksAreNotPartOfTheTree() {
        TopologyBuilder b = new TopologyBuilder();
        b.cable(1, 2);
        b.link(2, 5, 3, 1);
        TopologySnapshot s = b.build();
        BroadcastTree t = tree(s);
        assertEquals(1, t.cables());
        assertEquals(Set.of(dev(1), dev(3)), t.roots());
        assertFalse(t.isTreePort(cp(2, 5)));
    }

    /** The count without the tree (for the REST summary) is the tree's number of roots. */
    @Test
    void connectedPartsCountsTheRootsOfTheTree() {
        java.util.Random r = new java.util.Random(15);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(30);
            TopologySnapshot s = TopologyBuilder.randomMultigraph(r, n, r.nextInt(2 * n), r.nextInt(n));
            assertEquals(tree(s).roots().size(), PathComputer.of(s, LinkWeigher.HOP_COUNT).connectedParts(),
                    "round " + round + ": " + s.links());
        }
        for (TopologySnapshot s : java.util.List.of(Topologies.fatTree(8).snapshot(), Topologies.ring(5),
                TopologySnapshot.empty(java.time.Instant.EPOCH))) {
            assertEquals(tree(s).roots().size(), PathComputer.of(s, LinkWeigher.HOP_COUNT).connectedParts());
        }
    }
}
