package io.skylane.vpc.dataplane;

import static io.skylane.topology.testing.FakeFabric.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.vpc.dataplane.dhcp.DhcpClient;
import io.skylane.vpc.dataplane.dhcp.DhcpMessage;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.HypervisorCreate;
import io.skylane.vpc.intent.request.HypervisorUpdate;
import io.skylane.vpc.model.Hypervisor;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Pipeline;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tenant data plane in overlay mode against the real core: three hypervisors (switches with no
 * links between them), registered through the intent service, whose tunnel port ({@code
 * skylane-tun}, port 100) comes and goes as their bridges report it.
 */
class OverlayDataPlaneTest {

    private static final long TUNNEL = 100;

    private final DataPlaneTestbed bed = new DataPlaneTestbed(TenantNetwork.overlay(1500),
            core -> new FakeFabric(core).addSwitch(1, 4).addSwitch(2, 4).addSwitch(3, 4));

    @BeforeEach
    void start() {
        bed.start();
    }

    @AfterEach
    void stop() {
        assertEquals(0, bed.core.packets().processorFailures(), "no exception out of a packet processor");
        bed.stop();
    }

    private static Ip4Address endpoint(long hv) {
        return Ip4Address.parse("192.168.100." + hv);
    }

    private Hypervisor register(long dpid, Ip4Address endpoint) {
        return (Hypervisor) bed.intents.create(Actor.ADMIN, new HypervisorCreate(dpid, endpoint, Common.NONE));
    }

    private void tunnelPort(long dpid, PortChange change) {
        bed.core.router().portChanged(bed.net.handle(dpid), change, new Port(PortNumber.of(TUNNEL),
                TenantNetwork.TUNNEL_PORT, MacAddress.parse("02:aa:00:00:00:0" + dpid), true, true, 0));
    }

    private Vpc vpcWithPortsOn(long... dpids) {
        Vpc v = bed.tenant.vpc();
        bed.tenant.subnet(v.id(), "10.0.0.0/24");
        int host = 10;
        for (long d : dpids) {
            bed.tenant.port(v.id(), String.format("02:00:00:00:%02x:%02x", d, host), "10.0.0." + host, cp(d, 1 + host % 3));
            host++;
        }
        return v;
    }

    /** The peers' endpoints the switch admits tunnel packets from (table 0). */
    private Set<Ip4Address> admitted(long dpid) {
        Set<Ip4Address> out = new TreeSet<>();
        for (FlowRule r : bed.rulesOn(dpid)) {
            r.match().get(Criterion.Type.TUN_IPV4_SRC)
                    .ifPresent(c -> out.add(((Criterion.Ip4Field) c).prefix().address()));
        }
        return out;
    }

    /** The endpoints the switch sends tunnel packets to (table 4's set_field tun_dst). */
    private Set<Ip4Address> sentTo(long dpid) {
        Set<Ip4Address> out = new TreeSet<>();
        for (FlowRule r : bed.rulesOn(dpid)) {
            for (Instruction i : r.instructions()) {
                if (i instanceof Instruction.ApplyActions a) {
                    for (Action x : a.actions()) {
                        if (x instanceof Action.SetField f && f.value().type() == Criterion.Type.TUN_IPV4_DST) {
                            out.add(((Criterion.Ip4Field) f.value()).prefix().address());
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void registeredHypervisorsWithTheirTunnelPortAreJoinedByTunnels() {
        register(1, endpoint(1));
        register(2, endpoint(2));
        register(3, endpoint(3));
        for (long d = 1; d <= 3; d++) {
            tunnelPort(d, PortChange.ADDED);
        }
        Vpc v = vpcWithPortsOn(1, 2);

        assertEquals(Set.of(endpoint(2)), admitted(1));
        assertEquals(Set.of(endpoint(2)), sentTo(1));
        assertEquals(Set.of(endpoint(1)), admitted(2));
        assertTrue(admitted(3).isEmpty() && sentTo(3).isEmpty() && bed.rulesOn(3).stream()
                .allMatch(r -> r.priority() == Pipeline.PRIO_ACL_PASS), "hypervisor 3 hosts nothing of the VPC: "
                + bed.rulesOn(3));
        assertTrue(bed.rulesOn(2).stream().anyMatch(r -> r.tableId() == Pipeline.FABRIC
                && r.match().get(Criterion.Type.TUNNEL_ID).isPresent()
                && r.match().get(Criterion.Type.TUNNEL_ID).get().equals(Criterion.tunnelId(v.segmentId()))),
                "arrivals with the VPC's VNI are delivered on 2");
        assertTrue(bed.claims.isClaimed(cp(1, TUNNEL)), "the tunnel port is never probed nor learned from");
        assertEquals(Set.of(DeviceId.of(1), DeviceId.of(2), DeviceId.of(3)), bed.vpc.tunnelEndpoints().keySet());
    }

    @Test
    void aTunnelPortThatAppearsLaterJoinsItsHypervisor() {
        register(1, endpoint(1));
        register(2, endpoint(2));
        tunnelPort(1, PortChange.ADDED);
        vpcWithPortsOn(1, 2);
        assertTrue(admitted(1).isEmpty() && sentTo(1).isEmpty(), "2 has no tunnel port yet: unreachable");

        tunnelPort(2, PortChange.ADDED);
        assertEquals(Set.of(endpoint(2)), sentTo(1));
        assertEquals(Set.of(endpoint(1)), admitted(2));

        tunnelPort(2, PortChange.DELETED);
        assertTrue(sentTo(1).isEmpty(), "its tunnel port gone: 2 is left out again");
    }

    @Test
    void anEndpointChangeAndARemovalRetunnel() {
        Hypervisor h2 = register(2, endpoint(2));
        register(1, endpoint(1));
        tunnelPort(1, PortChange.ADDED);
        tunnelPort(2, PortChange.ADDED);
        vpcWithPortsOn(1, 2);
        assertEquals(Set.of(endpoint(2)), sentTo(1));

        Ip4Address moved = Ip4Address.parse("192.168.200.2");
        bed.intents.update(Actor.ADMIN, h2.id(), new HypervisorUpdate(Common.NONE, Given.of(moved)), null);
        assertEquals(Set.of(moved), sentTo(1), "tunnels follow the new endpoint");
        assertEquals(Set.of(moved), admitted(1));

        bed.intents.delete(io.skylane.vpc.model.ResourceType.HYPERVISOR, Actor.ADMIN, h2.id(), null, false);
        assertTrue(sentTo(1).isEmpty() && admitted(1).isEmpty(), "deregistered: no tunnel to or from it");
        assertFalse(bed.vpc.tunnelEndpoints().containsKey(DeviceId.of(2)));
    }

    @Test
    void dhcpHandsOutTheUnderlayMtuMinusTheEncapsulation() {
        register(1, endpoint(1));
        tunnelPort(1, PortChange.ADDED);
        Vpc v = bed.tenant.vpc();
        bed.tenant.subnet(v.id(), "10.0.0.0/24");
        MacAddress mac = MacAddress.parse("02:00:00:00:00:01");
        bed.tenant.port(v.id(), mac.toString(), "10.0.0.5", cp(1, 3));
        DhcpClient client = new DhcpClient(mac);
        List<OutboundPacket> outs = new ArrayList<>(bed.send(1, 3, client.broadcastFrame(client.discover(7, false))));
        assertEquals(1, outs.size(), outs.toString());
        DhcpMessage offer = DhcpMessage.parse(outs.get(0).data());
        assertEquals(1450, ByteBuffer.wrap(offer.option(DhcpMessage.OPT_MTU).orElseThrow()).getShort());
    }
}
