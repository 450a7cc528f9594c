package io.skylane.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedMultigraph;
import org.junit.jupiter.api.Test;

class TopologySnapshotTest {

    private static final DeviceId S1 = DeviceId.of(1);
    private static final DeviceId S2 = DeviceId.of(2);

    private static ConnectPoint cp(DeviceId d, long port) {
        return ConnectPoint.of(d, PortNumber.of(port));
    }

    private static List<PortNumber> ports(long... numbers) {
        return java.util.Arrays.stream(numbers).mapToObj(PortNumber::of).toList();
    }

    @Test
    void edgePortsAreEnabledPortsWithoutLinks() {
        Link a = Link.of(cp(S1, 1), cp(S2, 1));
        TopologySnapshot s = new TopologySnapshot(3, Instant.EPOCH, Map.of(S1, ports(1, 2), S2, ports(1, 2, 3)),
                List.of(a, a.reverse()));
        assertEquals(Set.of(PortNumber.of(2)), s.edgePorts(S1));
        assertEquals(Set.of(PortNumber.of(2), PortNumber.of(3)), s.edgePorts(S2));
        assertTrue(s.isInfrastructure(cp(S1, 1)));
        assertEquals(2, s.graph().edgeSet().size());
        assertEquals(a, s.linkFrom(cp(S1, 1)).orElseThrow());
    }

    @Test
    void aCableBackToTheSameSwitchIsInfrastructureButNotInTheGraph() {
        Link loop = Link.of(cp(S1, 1), cp(S1, 2));
        TopologySnapshot s = new TopologySnapshot(1, Instant.EPOCH, Map.of(S1, ports(1, 2, 3)),
                List.of(loop, loop.reverse()));
        assertTrue(s.isInfrastructure(cp(S1, 1)));
        assertTrue(s.isInfrastructure(cp(S1, 2)));
        assertEquals(Set.of(PortNumber.of(3)), s.edgePorts(S1));
        assertTrue(s.links().isEmpty());
        assertTrue(s.graph().edgeSet().isEmpty());
    }

    @Test
    void twoLinksFromOnePortKeepOnlyTheFirst() {
        DeviceId s3 = DeviceId.of(3);
        Link toS2 = Link.of(cp(S1, 1), cp(S2, 1));
        Link toS3 = Link.of(cp(S1, 1), cp(s3, 1));
        TopologySnapshot s = new TopologySnapshot(1, Instant.EPOCH,
                Map.of(S1, ports(1), S2, ports(1), s3, ports(1)), List.of(toS3, toS2));
        assertEquals(Set.of(toS2), s.links());
        assertFalse(s.edgePorts(s3).isEmpty());
    }

    /**
     * The graph the constructor built before it was built on first use: the switches in the map's
     * order, then every link in order whose switches are there, not looped, and whose ports have
     * no link yet that way.
     */
    private static Graph<DeviceId, Link> graphAsBefore(Map<DeviceId, ? extends Collection<PortNumber>> devices,
                                                       Collection<Link> links) {
        DirectedMultigraph<DeviceId, Link> g = new DirectedMultigraph<>(null, null, false);
        devices.keySet().forEach(g::addVertex);
        Set<ConnectPoint> from = new HashSet<>();
        Set<ConnectPoint> to = new HashSet<>();
        for (Link l : new TreeSet<>(links)) {
            if (g.containsVertex(l.srcDevice()) && g.containsVertex(l.dstDevice())
                    && !l.srcDevice().equals(l.dstDevice()) && !from.contains(l.src()) && !to.contains(l.dst())) {
                g.addEdge(l.srcDevice(), l.dstDevice(), l);
                from.add(l.src());
                to.add(l.dst());
            }
        }
        return g;
    }

    @Test
    void theGraphBuiltOnFirstUseIsTheOneBuiltAtOnceBefore() {
        Random r = new Random(15);
        for (int round = 0; round < 200; round++) {
            Map<DeviceId, List<PortNumber>> devices = new LinkedHashMap<>();
            int n = 1 + r.nextInt(12);
            for (int i = 0; i < n; i++) {
                devices.put(DeviceId.of(1 + r.nextInt(20)), ports(1, 2, 3, 4));
            }
            List<Link> links = new ArrayList<>();
            for (int i = r.nextInt(60); i > 0; i--) {
                // switches that are there or not, loops, several links at one port, duplicates
                ConnectPoint src = cp(DeviceId.of(1 + r.nextInt(22)), 1 + r.nextInt(4));
                ConnectPoint dst = cp(DeviceId.of(1 + r.nextInt(22)), 1 + r.nextInt(4));
                if (!src.equals(dst)) {
                    links.add(Link.of(src, dst));
                }
            }
            if (!links.isEmpty()) {
                links.add(links.get(r.nextInt(links.size())));
            }
            Collections.shuffle(links, r);

            Graph<DeviceId, Link> expected = graphAsBefore(devices, links);
            TopologySnapshot s = new TopologySnapshot(round, Instant.EPOCH, devices, links);

            Graph<DeviceId, Link> actual = s.graph();
            assertEquals(List.copyOf(expected.vertexSet()), List.copyOf(actual.vertexSet()), "switches in order");
            assertEquals(List.copyOf(expected.edgeSet()), List.copyOf(actual.edgeSet()), "links in order");
            for (DeviceId d : expected.vertexSet()) {
                assertEquals(List.copyOf(expected.outgoingEdgesOf(d)), List.copyOf(actual.outgoingEdgesOf(d)));
                assertEquals(List.copyOf(expected.incomingEdgesOf(d)), List.copyOf(actual.incomingEdgesOf(d)));
            }
            assertEquals(expected.edgeSet(), s.links());
            assertSame(actual, s.graph(), "built once");
        }
    }
}
