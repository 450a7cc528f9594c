package io.skylane.topology.path;

import static io.skylane.topology.testing.TopologyBuilder.cp;
import static io.skylane.topology.testing.TopologyBuilder.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.testing.FakeTopologyService;
import io.skylane.topology.testing.Topologies;
import io.skylane.topology.testing.TopologyBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service answers from the current snapshot and adds edge ports for hosts. */
class PathManagerTest {

    private static List<DeviceId> devs(long... dpids) {
        return java.util.Arrays.stream(dpids).mapToObj(DeviceId::of).toList();
    }

    /** The ring of 6 without the cable between 1 and 2. */
    private static TopologySnapshot brokenRing() {
        TopologyBuilder b = new TopologyBuilder().version(2);
        for (int i = 2; i <= 6; i++) {
            b.cable(i, 1, i % 6 + 1, 2);
        }
        b.hostPort(1, 1).hostPort(2, 2);
        for (int i = 1; i <= 6; i++) {
            b.hostPort(i, 3);
        }
        return b.build();
    }

    @Test
    void answersFollowTheCurrentSnapshot() {
        FakeTopologyService topology = new FakeTopologyService(Topologies.ring(6));
        PathManager paths = new PathManager(topology, LinkWeigher.HOP_COUNT);
        assertEquals(devs(1, 2, 3), paths.shortestPath(dev(1), dev(3)).orElseThrow().devices());
        NextHops before = paths.forwardingTo(dev(3));
        assertSame(before, paths.forwardingTo(dev(3)), "computed once per snapshot");
        assertEquals(2, paths.equalCostPaths(dev(1), dev(4), 5).size());
        assertEquals(2, paths.kShortestPaths(dev(1), dev(3), 5).size());
        assertTrue(paths.disjointBackup(dev(1), dev(3)).isPresent());
        assertEquals(5, paths.broadcastTree().cables());

        topology.set(brokenRing());
        assertEquals(devs(1, 6, 5, 4, 3), paths.shortestPath(dev(1), dev(3)).orElseThrow().devices());
        NextHops after = paths.forwardingTo(dev(3));
        assertNotSame(before, after);
        assertEquals(2, after.snapshotVersion());
        assertEquals(java.util.Set.of(PortNumber.of(2)), after.ports(dev(1)));
        assertEquals(1, paths.kShortestPaths(dev(1), dev(3), 5).size());
        assertTrue(paths.disjointBackup(dev(1), dev(3)).isEmpty());
        assertSame(paths.computer(), PathComputer.of(topology.current(), LinkWeigher.HOP_COUNT));
    }

    @Test
    void hostPathsAddTheEdgePortsAtBothEnds() {
        PathManager paths = new PathManager(new FakeTopologyService(Topologies.ring(6)), LinkWeigher.HOP_COUNT);
        ConnectPoint h1 = cp(1, 3);
        ConnectPoint h3 = cp(3, 3);
        EdgePath p = paths.shortestPath(h1, h3).orElseThrow();
        assertEquals(h1, p.src());
        assertEquals(h3, p.dst());
        assertEquals(2, p.cost());
        assertEquals(List.of(
                new EdgePath.Hop(dev(1), PortNumber.of(3), PortNumber.of(1)),
                new EdgePath.Hop(dev(2), PortNumber.of(2), PortNumber.of(1)),
                new EdgePath.Hop(dev(3), PortNumber.of(2), PortNumber.of(3))), p.hops());

        List<EdgePath> ecmp = paths.equalCostPaths(h1, cp(4, 3), 5);
        assertEquals(2, ecmp.size());
        ecmp.forEach(e -> assertEquals(cp(4, 3), e.dst()));
        assertEquals(2, paths.kShortestPaths(h1, h3, 3).size());

        DisjointPaths<EdgePath> d = paths.disjointBackup(h1, h3).orElseThrow();
        assertEquals(h1, d.backup().src());
        assertEquals(devs(1, 6, 5, 4, 3), d.backup().path().devices());

        EdgePath local = paths.shortestPath(h1, cp(1, 7)).orElseThrow();
        assertEquals(List.of(new EdgePath.Hop(dev(1), PortNumber.of(3), PortNumber.of(7))), local.hops());
        assertTrue(paths.shortestPath(h1, cp(99, 1)).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> paths.shortestPath(h1, ConnectPoint.of(dev(3),
                PortNumber.CONTROLLER)));
    }

    @Test
    void hostPathsAcrossAFatTree() {
        Topologies.FatTree ft = Topologies.fatTree(4);
        PathManager paths = new PathManager(new FakeTopologyService(ft.snapshot()), LinkWeigher.HOP_COUNT);
        ConnectPoint a = ConnectPoint.of(ft.edge(0, 0), PortNumber.of(1));
        ConnectPoint b = ConnectPoint.of(ft.edge(2, 1), PortNumber.of(2));
        List<EdgePath> all = paths.equalCostPaths(a, b, 10);
        assertEquals(4, all.size());
        for (EdgePath p : all) {
            assertEquals(5, p.hops().size());
            assertEquals(PortNumber.of(1), p.hops().get(0).inPort());
            assertEquals(PortNumber.of(2), p.hops().get(4).outPort());
        }
    }
}
