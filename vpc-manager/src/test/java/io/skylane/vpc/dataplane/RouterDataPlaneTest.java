package io.skylane.vpc.dataplane;

import static io.skylane.topology.testing.FakeFabric.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.testing.FabricResult;
import io.skylane.core.testing.SimFabric;
import io.skylane.core.testing.SimPacket;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.testing.StoredRouters;
import io.skylane.vpc.testing.TenantFixture;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tenant data plane follows routers: the rules it hands to the switches route between the VPCs
 * a router joins as soon as the router exists, follow the other VPC's ports when they move or come
 * (partial recomputes of the joined VPCs), and stop when an interface is removed or the router is
 * deleted. Packets go through the switches' handed-over rules on the simulator.
 */
class RouterDataPlaneTest {

    private final DataPlaneTestbed bed = new DataPlaneTestbed();
    private TenantFixture t;
    private StoredRouters routers;

    @BeforeEach
    void start() {
        bed.start();
        t = bed.tenant;
        routers = new StoredRouters(t);
    }

    @AfterEach
    void stop() {
        bed.stop();
    }

    /** The line of three switches (port 2 to the next, port 1 to the previous), hosts on 3 and 4. */
    private SimFabric fabric() {
        SimFabric.Builder b = SimFabric.builder().link(cp(1, 2), cp(2, 1)).link(cp(2, 2), cp(3, 1));
        for (long d = 1; d <= 3; d++) {
            b.edge(cp(d, 3)).edge(cp(d, 4));
            b.rules(bed.rulesOn(d));
        }
        return b.build();
    }

    private static Ip4Address ip(Port p) {
        return Ip4Address.of(p.fixedIps().get(0).ipAddress().getAddress(), 0);
    }

    private static ConnectPoint at(Port p) {
        return cp(p.binding().dpid().dpid(), p.binding().port().value());
    }

    /** A ping from {@code from} (at {@code where}) through its gateway to {@code to}. */
    private FabricResult ping(Port from, Vpc vpc, ConnectPoint where, Port to) {
        return fabric().send(where, SimPacket.icmpEcho(from.macAddress(), Pipeline.routerMac(vpc.segmentId()), ip(from),
                ip(to)));
    }

    private void assertAgreesWithAFullCompile(String after) {
        Map<DeviceId, List<FlowRule>> full = bed.vpc.compileAll();
        for (long d = 1; d <= 3; d++) {
            assertEquals(new HashSet<>(full.getOrDefault(DeviceId.of(d), List.of())), new HashSet<>(bed.rulesOn(d)),
                    "switch " + d + " after " + after);
        }
    }

    @Test
    void theRulesFollowTheRouterAndTheJoinedVpcsPorts() {
        Vpc a = t.vpc();
        Vpc b = t.vpc();
        Subnet sa = t.subnet(a.id(), "10.0.0.0/24");
        Subnet sb = t.subnet(b.id(), "10.1.0.0/24");
        Port a1 = t.port(a.id(), "02:00:00:00:0a:01", "10.0.0.11", cp(1, 3));
        Port b1 = t.port(b.id(), "02:00:00:00:0b:01", "10.1.0.11", cp(3, 3));
        assertTrue(ping(a1, a, cp(1, 3), b1).deliveredTo().isEmpty(), "no router yet");

        Router r = routers.create(sa.id(), sb.id());
        assertAgreesWithAFullCompile("router created");
        FabricResult there = ping(a1, a, cp(1, 3), b1);
        assertTrue(there.deliveredOnlyTo(cp(3, 3)), there.toString());
        assertEquals(63, there.packetAt(cp(3, 3)).ttl());
        assertTrue(ping(b1, b, cp(3, 3), a1).deliveredOnlyTo(cp(1, 3)), "and back");

        // B's port moves to switch 2: A's switch 1 routes there, recomputed as B's change.
        long partial = bed.vpc.counters().get("partialRecomputes");
        bed.intents.update(Actor.ADMIN, b1.id(), PortUpdate.NONE.withBinding(TenantFixture.binding(cp(2, 3))), null);
        assertEquals(partial + 1, bed.vpc.counters().get("partialRecomputes"), "a partial recompute");
        assertAgreesWithAFullCompile("B's port moved");
        assertTrue(ping(a1, a, cp(1, 3), b1).deliveredOnlyTo(cp(2, 3)), "to where it is now");
        assertTrue(ping(b1, b, cp(2, 3), a1).deliveredOnlyTo(cp(1, 3)));

        // A new port of B on A's switch: reached there.
        Port b2 = t.port(b.id(), "02:00:00:00:0b:02", "10.1.0.12", cp(1, 4));
        assertAgreesWithAFullCompile("B's port created");
        assertTrue(ping(a1, a, cp(1, 3), b2).deliveredOnlyTo(at(b2)));

        // B's interface removed: nothing crosses; back, then the router deleted: nothing.
        r = routers.update(r, List.of(sa.id()));
        assertAgreesWithAFullCompile("interface removed");
        assertTrue(ping(a1, a, cp(1, 3), b1).deliveredTo().isEmpty());
        assertTrue(ping(b2, b, at(b2), a1).deliveredTo().isEmpty());
        r = routers.update(r, List.of(sa.id(), sb.id()));
        assertTrue(ping(a1, a, cp(1, 3), b2).deliveredOnlyTo(at(b2)));
        routers.delete(r);
        assertAgreesWithAFullCompile("router deleted");
        assertTrue(ping(a1, a, cp(1, 3), b1).deliveredTo().isEmpty());
        assertTrue(ping(a1, a, cp(1, 3), b2).deliveredTo().isEmpty());
        assertTrue(bed.rulesOn(1).stream().noneMatch(x -> x.priority() == Pipeline.PRIO_ROUTE_JOINED
                && x.tableId() == Pipeline.ROUTE), "no joined route left");
    }
}
