package io.skylane.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
}
