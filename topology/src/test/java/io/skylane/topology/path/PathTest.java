package io.skylane.topology.path;

import static io.skylane.topology.testing.TopologyBuilder.cp;
import static io.skylane.topology.testing.TopologyBuilder.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTest {

    private static final Link L12 = Link.of(cp(1, 1), cp(2, 2));
    private static final Link L23 = Link.of(cp(2, 1), cp(3, 2));

    @Test
    void pathKnowsItsEndsHopsAndSwitches() {
        Path p = Path.of(List.of(L12, L23), 2);
        assertEquals(dev(1), p.src());
        assertEquals(dev(3), p.dst());
        assertEquals(2, p.hops());
        assertEquals(List.of(dev(1), dev(2), dev(3)), p.devices());
        assertEquals(List.of(dev(4)), Path.local(dev(4)).devices());
        assertEquals(0, Path.local(dev(4)).hops());
    }

    @Test
    void pathRejectsLinksThatDoNotChain() {
        assertThrows(IllegalArgumentException.class, () -> Path.of(List.of(L23, L12), 2));
        assertThrows(IllegalArgumentException.class, () -> new Path(dev(1), dev(2), List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new Path(dev(2), dev(3), List.of(L12, L23), 2));
        assertThrows(IllegalArgumentException.class, () -> Path.of(List.of(L12), -1));
        assertThrows(IllegalArgumentException.class, () -> Path.of(List.of(), 0));
    }

    @Test
    void edgePathGivesInAndOutPortPerSwitch() {
        EdgePath ep = new EdgePath(cp(1, 7), Path.of(List.of(L12, L23), 2), cp(3, 9));
        assertEquals(List.of(
                new EdgePath.Hop(dev(1), PortNumber.of(7), PortNumber.of(1)),
                new EdgePath.Hop(dev(2), PortNumber.of(2), PortNumber.of(1)),
                new EdgePath.Hop(dev(3), PortNumber.of(2), PortNumber.of(9))), ep.hops());
        EdgePath local = new EdgePath(cp(5, 1), Path.local(dev(5)), cp(5, 2));
        assertEquals(List.of(new EdgePath.Hop(dev(5), PortNumber.of(1), PortNumber.of(2))), local.hops());
        assertThrows(IllegalArgumentException.class, () -> new EdgePath(cp(2, 1), Path.local(dev(5)), cp(5, 2)));
    }

    @Test
    void weighersGiveConfiguredWeights() {
        assertEquals(1, LinkWeigher.HOP_COUNT.weight(L12));
        LinkWeigher byMap = LinkWeigher.of(Map.of(L12, 5.0), 2);
        assertEquals(5, byMap.weight(L12));
        assertEquals(2, byMap.weight(L23));
        assertEquals(byMap, LinkWeigher.of(Map.of(L12, 5.0), 2));
        assertThrows(IllegalArgumentException.class, () -> LinkWeigher.of(Map.of(L12, 0.0), 1));
        assertThrows(IllegalArgumentException.class, () -> LinkWeigher.of(Map.of(), Double.NaN));

        Map<Long, Long> speeds = Map.of(1L, 10_000_000L, 2L, 1_000_000L, 3L, 0L);
        LinkWeigher bySpeed = LinkWeigher.bySpeed(c -> speeds.get(c.deviceId().dpid()), 100_000_000L);
        assertEquals(100, bySpeed.weight(L12), "the slower end counts");
        assertEquals(100, bySpeed.weight(L23), "unknown counts as 1 Gbit/s");
        LinkWeigher fast = LinkWeigher.bySpeed(c -> 400_000_000L, 100_000_000L);
        assertEquals(1, fast.weight(L12), "never below 1");
    }
}
