package io.skylane.topology.fwd;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.testing.FabricResult;
import io.skylane.core.testing.SimFabric;
import io.skylane.core.testing.SimPacket;
import io.skylane.core.testing.SimSwitch.SelectMode;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Path forwarding's desired state on the multi-table simulator (controller-core's {@link SimFabric}),
 * cabled as a topology snapshot says, with a host at every edge port: a frame sent in at a host's
 * port follows the rules and groups switch by switch, as the switches would. SELECT groups send a
 * copy down every live bucket (every path some flow may take); FAST_FAILOVER takes its first live
 * bucket; a bucket is live while its watch port is. A cable given as dead is down at both ends
 * (still in the snapshot: the data plane before the controller reacts), so what is sent over it is
 * dropped.
 */
final class ForwardingSim {

    /** Source of the frames sent: no host of the tests has it, and no rule matches it. */
    private static final MacAddress SENDER = MacAddress.parse("02:5e:00:00:00:01");
    /** An ethertype nothing in the pipeline looks at: only eth_dst decides. */
    private static final int ETH_TYPE = 0x88b5;

    private final TopologySnapshot snapshot;
    private final SimFabric fabric;

    ForwardingSim(TopologySnapshot snapshot, Map<DeviceId, DesiredState> state) {
        this(snapshot, state, Set.of());
    }

    /** With {@code deadCables} (a link or its reverse: the cable) down. */
    ForwardingSim(TopologySnapshot snapshot, Map<DeviceId, DesiredState> state, Set<Link> deadCables) {
        this.snapshot = snapshot;
        SimFabric.Builder b = SimFabric.builder().selectMode(SelectMode.EVERY_BUCKET);
        Set<ConnectPoint> cabled = new HashSet<>();
        for (Link l : snapshot.links()) {
            if (cabled.add(l.src()) && cabled.add(l.dst())) {
                b.link(l.src(), l.dst());
            }
        }
        snapshot.edgePorts().forEach((d, p) -> b.edge(ConnectPoint.of(d, p)));
        deadCables.forEach(l -> b.down(l.src()));
        state.values().forEach(s -> b.rules(s.rules()).groups(s.groups()));
        this.fabric = b.build();
    }

    /** Sends a frame for {@code dst} into the network at {@code from} (a host's edge port). */
    FabricResult send(ConnectPoint from, MacAddress dst) {
        return fabric.send(from, SimPacket.ethernet(SENDER, dst, ETH_TYPE).build());
    }

    /** Every copy left the network at {@code at}: none elsewhere, none dropped, to the controller or looping. */
    static boolean reachedOnly(FabricResult r, ConnectPoint at) {
        return !r.hasLoop() && r.punts().isEmpty() && r.drops().isEmpty() && r.deliveredTo().equals(Set.of(at));
    }

    /** Asserts that a frame for {@code dst} sent in at {@code from} reaches only {@code at}. */
    void assertReachesOnly(ConnectPoint from, MacAddress dst, ConnectPoint at) {
        FabricResult r = send(from, dst);
        if (!reachedOnly(r, at)) {
            throw new AssertionError(from + " -> " + dst + " must reach only " + at + ": " + r);
        }
    }

    /** The links the delivered copies crossed, in the direction they crossed them. */
    Set<Link> linksUsed(FabricResult r) {
        Set<Link> used = new LinkedHashSet<>();
        for (FabricResult.Delivery d : r.deliveries()) {
            List<ConnectPoint> path = d.path();
            for (int i = 1; i < path.size(); i++) {
                snapshot.linkFrom(path.get(i)).map(Link::reverse).ifPresent(used::add);
            }
        }
        return used;
    }
}
