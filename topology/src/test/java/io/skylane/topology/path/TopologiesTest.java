package io.skylane.topology.path;

import static io.skylane.topology.testing.TopologyBuilder.cp;
import static io.skylane.topology.testing.TopologyBuilder.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.testing.Topologies;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generators build what their javadoc promises: the other tests' known answers rest on it. */
class TopologiesTest {

    @Test
    void ringWiresPortOneClockwiseAndPortTwoBack() {
        TopologySnapshot ring = Topologies.ring(5);
        assertEquals(5, ring.devices().size());
        assertEquals(10, ring.links().size());
        assertTrue(ring.links().contains(Link.of(cp(1, 1), cp(2, 2))));
        assertTrue(ring.links().contains(Link.of(cp(5, 1), cp(1, 2))));
        assertTrue(ring.links().contains(Link.of(cp(1, 2), cp(5, 1))));
        assertEquals(Set.of(PortNumber.of(3)), ring.edgePorts(dev(4)));
    }

    @Test
    void lineHasNoCableBetweenItsEnds() {
        TopologySnapshot line = Topologies.linear(4);
        assertEquals(6, line.links().size());
        assertTrue(line.linkFrom(cp(4, 1)).isEmpty());
        assertTrue(line.linkFrom(cp(1, 2)).isEmpty());
        assertEquals(Set.of(PortNumber.of(3)), line.edgePorts(dev(1)));
        assertEquals(1, Topologies.linear(1).devices().size());
    }

    @Test
    void gridHasFourNeighboursInside() {
        TopologySnapshot grid = Topologies.grid(3, 4);
        assertEquals(12, grid.devices().size());
        // (3 * 3 horizontal + 2 * 4 vertical) cables
        assertEquals(2 * (9 + 8), grid.links().size());
        assertEquals(4, grid.graph().outDegreeOf(dev(Topologies.gridId(4, 1, 1))));
        assertEquals(2, grid.graph().outDegreeOf(dev(1)));
        assertTrue(grid.links().contains(Link.of(cp(1, 3), cp(5, 4))));
    }

    @Test
    void fullMeshUsesThePeersDpidAsPort() {
        TopologySnapshot mesh = Topologies.fullMesh(4);
        assertEquals(12, mesh.links().size());
        assertTrue(mesh.links().contains(Link.of(cp(2, 4), cp(4, 2))));
    }

    @Test
    void fatTreeFollowsAlFares() {
        for (int k : new int[] {2, 4, 8}) {
            Topologies.FatTree ft = Topologies.fatTree(k);
            assertEquals(ft.switches(), ft.snapshot().devices().size(), "switches, k=" + k);
            assertEquals(2 * ft.cables(), ft.snapshot().links().size(), "links, k=" + k);
            assertEquals(k * k * k / 4, ft.snapshot().edgePorts().size(), "host ports, k=" + k);
        }
        Topologies.FatTree ft = Topologies.fatTree(4);
        TopologySnapshot s = ft.snapshot();
        // edge (1,0) port 4 up to agg (1,1), which uses port 1 for edge 0
        assertTrue(s.links().contains(Link.of(cp(ft.edge(1, 0).dpid(), 4), cp(ft.agg(1, 1).dpid(), 1))));
        // agg (1,1) port 4 up to core 1*2+1 = 3, which uses port 2 for pod 1
        assertTrue(s.links().contains(Link.of(cp(ft.agg(1, 1).dpid(), 4), cp(ft.core(3).dpid(), 2))));
        assertEquals(4, s.graph().outDegreeOf(ft.core(0)));
        assertEquals(Set.of(PortNumber.of(1), PortNumber.of(2)), s.edgePorts(ft.edge(3, 1)));
        assertTrue(s.edgePorts(ft.agg(0, 0)).isEmpty());
    }
}
