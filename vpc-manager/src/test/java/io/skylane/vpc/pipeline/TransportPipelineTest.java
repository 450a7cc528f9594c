package io.skylane.vpc.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.FabricResult;
import io.skylane.core.testing.SimFabric;
import io.skylane.core.testing.SimPacket;
import io.skylane.core.testing.SimResult;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.vpc.bench.VpcCompilerBenchmark;
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.JournalIntentStore;
import io.skylane.vpc.testing.TenantFixture;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tenant pipeline across both transports on the simulator: fabric mode with segments above
 * 4,094 (one MPLS label instead of the VLAN id) and overlay mode (hypervisors without links between
 * them, Geneve tunnels with the segment as the VNI).
 */
class TransportPipelineTest {

    private static final PortNumber TUNNEL = PortNumber.of(100);

    private final IntentService intents = new IntentService(JournalIntentStore.inMemory(),
            new IntentConfig(TenantFixture.ADMIN_TOKEN, 4094, 16_777_215, IntentConfig.DEFAULT_MAC_PREFIX),
            Clock.systemUTC());
    private final TenantFixture fixture = new TenantFixture(intents, "transport");

    private static ConnectPoint cp(long d, long p) {
        return VpcPipelineTest.cp(d, p);
    }

    private static Ip4Address ip(Port p) {
        return Ip4Address.of(p.fixedIps().get(0).ipAddress().getAddress(), 0);
    }

    private static Ip4Address endpoint(long hv) {
        return Ip4Address.parse("192.168.100." + hv);
    }

    private Map<UUID, Vpc> vpcs() {
        Map<UUID, Vpc> out = new HashMap<>();
        for (Resource r : intents.store().all(ResourceType.VPC)) {
            out.put(r.id(), (Vpc) r);
        }
        return out;
    }

    private List<PlacedPort> placed() {
        List<PlacedPort> placed = new ArrayList<>();
        for (Resource r : intents.store().all(ResourceType.PORT)) {
            Port p = (Port) r;
            placed.add(new PlacedPort(p, ConnectPoint.of(p.binding().dpid(), p.binding().port())));
        }
        return placed;
    }

    private Vpc vpc(String cidr) {
        Vpc v = fixture.vpc();
        fixture.subnet(v.id(), cidr);
        return v;
    }

    // ---- fabric mode beyond 4,094 ----------------------------------------------------------

    @Test
    void fabricCarriesSegmentsAbove4094AsAnMplsLabelAndKeepsVlanBelow() {
        VpcPipelineTest.Net net = new VpcPipelineTest.Net().cable(1, 10, 2, 10).cable(2, 11, 3, 10)
                .edge(1, 1).edge(1, 2).edge(3, 1).edge(3, 2);
        Vpc low = vpc("10.0.0.0/24");   // segment 4094: VLAN
        Vpc high = vpc("10.0.0.0/24");  // segment 4095: MPLS, same addresses
        assertEquals(4094, low.segmentId());
        assertEquals(4095, high.segmentId());
        Port l1 = fixture.port(low.id(), "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1));
        Port l2 = fixture.port(low.id(), "02:00:00:00:0a:02", "10.0.0.12", cp(3, 1));
        Port h1 = fixture.port(high.id(), "02:00:00:00:0b:01", "10.0.0.11", cp(1, 2));
        Port h2 = fixture.port(high.id(), "02:00:00:00:0b:02", "10.0.0.12", cp(3, 2));
        TopologySnapshot s = net.snapshot();
        SimFabric f = net.fabric(new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT)).compile(vpcs(), placed()));

        FabricResult rh = f.send(cp(1, 2), SimPacket.tcp(h1.macAddress(), h2.macAddress(), ip(h1), ip(h2), 40000, 80));
        assertTrue(rh.deliveredOnlyTo(cp(3, 2)), rh.toString());
        SimPacket transit = transitInput(rh, DeviceId.of(2));
        assertEquals(List.of(4095), transit.mplsLabels(), "one label, the segment, across the fabric\n" + rh);
        assertTrue(transit.vlans().isEmpty(), transit.toString());
        SimPacket got = rh.packetAt(cp(3, 2));
        assertFalse(got.isMpls(), "the label is popped before delivery: " + got);
        assertEquals(h2.macAddress(), got.ethDst());

        FabricResult rl = f.send(cp(1, 1), SimPacket.tcp(l1.macAddress(), l2.macAddress(), ip(l1), ip(l2), 40000, 80));
        assertTrue(rl.deliveredOnlyTo(cp(3, 1)), rl.toString());
        assertEquals(4094, transitInput(rl, DeviceId.of(2)).vlans().get(0).vid(), "the VLAN fast path below 4095");
        assertFalse(transitInput(rl, DeviceId.of(2)).isMpls());
    }

    @Test
    void fabricModeWithMoreThan4094VpcsIsolatesEveryOne() {
        // 4,200 VPCs on a line of 3 switches, every one with the same two addresses at both ends:
        // spot-check VPCs on both sides of 4,094 and the last one.
        VpcPipelineTest.Net net = new VpcPipelineTest.Net().cable(1, 10, 2, 10).cable(2, 11, 3, 10);
        int count = 4200;
        List<Port[]> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Vpc v = vpc("10.0.0.0/24");
            net.edge(1, 1000 + i).edge(3, 1000 + i);
            Port a = fixture.port(v.id(), mac(i, 1), "10.0.0.11", cp(1, 1000 + i));
            Port b = fixture.port(v.id(), mac(i, 2), "10.0.0.12", cp(3, 1000 + i));
            pairs.add(new Port[] {a, b});
        }
        TopologySnapshot s = net.snapshot();
        Map<DeviceId, List<FlowRule>> rules = new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT))
                .compile(vpcs(), placed());
        List<FlowRule> transit = rules.get(DeviceId.of(2));
        assertEquals(2, transit.stream().filter(r -> r.tableId() == Pipeline.FABRIC).count(),
                "the transit switch holds one table-5 rule per other switch: " + transit);
        assertEquals(6, transit.size(), "and classifies its two links and passes tables 2 and 7, whatever the VPCs");
        SimFabric f = net.fabric(rules);
        for (int i : new int[] {0, 1, 2, 3, 4000, 4093, count - 1}) {
            Port a = pairs.get(i)[0];
            Port b = pairs.get(i)[1];
            FabricResult r = f.send(cp(1, 1000 + i), SimPacket.icmpEcho(a.macAddress(), b.macAddress(), ip(a), ip(b)));
            assertTrue(r.deliveredOnlyTo(cp(3, 1000 + i)), "VPC #" + i + ": " + r);
        }
    }

    private static String mac(int vpc, int host) {
        return String.format("02:%02x:%02x:00:00:%02x", vpc >> 8, vpc & 0xff, host);
    }

    private static SimPacket transitInput(FabricResult r, DeviceId d) {
        return r.hops().stream().filter(h -> h.device().equals(d)).map(SimResult::input).findFirst()
                .orElseThrow(() -> new AssertionError("never at " + d + ": " + r));
    }

    // ---- overlay mode ----------------------------------------------------------------------

    /** Three hypervisors, no links between them, each with a tunnel port (100) and hosts on 1..4. */
    private static final class Overlay {
        final Map<DeviceId, TunnelEndpoint> endpoints = new TreeMap<>();
        final VpcPipelineTest.Net net = new VpcPipelineTest.Net();

        Overlay hypervisor(long dpid, long... hostPorts) {
            DeviceId d = DeviceId.of(dpid);
            net.port(dpid, TUNNEL.value());
            for (long p : hostPorts) {
                net.edge(dpid, p);
            }
            endpoints.put(d, new TunnelEndpoint(d, endpoint(dpid), TUNNEL));
            return this;
        }

        Map<DeviceId, List<FlowRule>> compile(Map<UUID, Vpc> vpcs, List<PlacedPort> placed) {
            TopologySnapshot s = net.snapshot();
            return new VpcCompiler(s, new OverlayTransport(endpoints, 1500)).compile(vpcs, placed);
        }

        SimFabric fabric(Map<DeviceId, List<FlowRule>> rules) {
            SimFabric.Builder b = SimFabric.builder();
            net.edges.forEach(b::edge);
            endpoints.values().forEach(e -> b.tunnelEndpoint(e.device(), e.tunnelPort(), e.address()));
            List<FlowRule> all = new ArrayList<>();
            rules.values().forEach(all::addAll);
            return b.rules(all).build();
        }
    }

    @Test
    void overlayTunnelsTenantTrafficWithTheSegmentAsVniAndIsolatesOverlappingAddresses() {
        Overlay o = new Overlay().hypervisor(1, 1, 2).hypervisor(2, 1, 2).hypervisor(3, 1);
        Vpc a = vpc("10.0.0.0/24");
        Vpc b = vpc("10.0.0.0/24");
        Port a1 = fixture.port(a.id(), "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1));
        Port a2 = fixture.port(a.id(), "02:00:00:00:0a:02", "10.0.0.12", cp(2, 1));
        Port a3 = fixture.port(a.id(), "02:00:00:00:0a:03", "10.0.0.13", cp(3, 1));
        Port b1 = fixture.port(b.id(), "02:00:00:00:0b:01", "10.0.0.11", cp(1, 2));
        Port b2 = fixture.port(b.id(), "02:00:00:00:0b:02", "10.0.0.12", cp(2, 2));
        SimFabric f = o.fabric(o.compile(vpcs(), placed()));

        FabricResult ra = f.send(cp(1, 1), SimPacket.tcp(a1.macAddress(), a2.macAddress(), ip(a1), ip(a2), 40000, 80));
        assertTrue(ra.deliveredOnlyTo(cp(2, 1)), ra.toString());
        assertEquals(1, ra.tunnelled().size(), ra.toString());
        FabricResult.Tunnelled t = ra.tunnelled().get(0);
        assertEquals(a.segmentId(), t.vni());
        assertEquals(endpoint(1), t.tunSrc());
        assertEquals(endpoint(2), t.tunDst());
        assertEquals(a2.macAddress(), ra.packetAt(cp(2, 1)).ethDst());
        assertEquals(64, ra.packetAt(cp(2, 1)).ttl(), "switched: TTL unchanged");

        FabricResult rb = f.send(cp(1, 2), SimPacket.tcp(b1.macAddress(), b2.macAddress(), ip(b1), ip(b2), 40000, 80));
        assertTrue(rb.deliveredOnlyTo(cp(2, 2)), "same address, other VPC: its own port only\n" + rb);
        assertEquals(b.segmentId(), rb.tunnelled().get(0).vni());

        FabricResult r3 = f.send(cp(3, 1), SimPacket.icmpEcho(a3.macAddress(), a1.macAddress(), ip(a3), ip(a1)));
        assertTrue(r3.deliveredOnlyTo(cp(1, 1)), r3.toString());

        // b1 asking for 10.0.0.13, an address only VPC A has: nowhere, nothing on the underlay.
        FabricResult none = f.send(cp(1, 2), SimPacket.icmpEcho(b1.macAddress(), a3.macAddress(), ip(b1),
                Ip4Address.parse("10.0.0.13")));
        assertTrue(none.deliveredTo().isEmpty() && none.tunnelled().isEmpty(), none.toString());
    }

    @Test
    void aFrameInOneVniIsNeverDeliveredIntoAnotherVpc() {
        Overlay o = new Overlay().hypervisor(1, 1, 2).hypervisor(2, 1, 2);
        Vpc a = vpc("10.0.0.0/24");
        Vpc b = vpc("10.0.0.0/24");
        Port a1 = fixture.port(a.id(), "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1));
        Port a2 = fixture.port(a.id(), "02:00:00:00:0a:02", "10.0.0.12", cp(2, 1));
        fixture.port(b.id(), "02:00:00:00:0b:01", "10.0.0.11", cp(1, 2));
        Port b2 = fixture.port(b.id(), "02:00:00:00:0b:02", "10.0.0.12", cp(2, 2));
        SimFabric f = o.fabric(o.compile(vpcs(), placed()));
        SimPacket inner = SimPacket.icmpEcho(a1.macAddress(), io.skylane.core.net.MacAddress.of(0x0e5c02000002L),
                ip(a1), ip(a2));

        FabricResult asA = f.receiveTunnelled(endpoint(1), endpoint(2), a.segmentId(), inner);
        assertTrue(asA.deliveredOnlyTo(cp(2, 1)), asA.toString());
        FabricResult asB = f.receiveTunnelled(endpoint(1), endpoint(2), b.segmentId(), inner);
        assertTrue(asB.deliveredOnlyTo(cp(2, 2)), "VNI of B: B's 10.0.0.12 only\n" + asB);
        assertEquals(b2.macAddress(), asB.packetAt(cp(2, 2)).ethDst());
        for (long vni : new long[] {0, 4094, 5000, 16_777_215}) {
            if (vni != a.segmentId() && vni != b.segmentId()) {
                FabricResult other = f.receiveTunnelled(endpoint(1), endpoint(2), vni, inner);
                assertTrue(other.deliveredTo().isEmpty(), "VNI " + vni + " hosts nothing here\n" + other);
            }
        }
        FabricResult stranger = f.receiveTunnelled(Ip4Address.parse("192.168.100.99"), endpoint(2), a.segmentId(), inner);
        assertTrue(stranger.deliveredTo().isEmpty(), "an unregistered endpoint is not let in\n" + stranger);
    }

    @Test
    void onlyHypervisorsSharingAVpcExchangeTunnelTraffic() {
        Overlay o = new Overlay().hypervisor(1, 1, 2).hypervisor(2, 1).hypervisor(3, 1);
        Vpc a = vpc("10.0.0.0/24");
        Vpc b = vpc("10.0.1.0/24");
        Port a1 = fixture.port(a.id(), "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1));
        fixture.port(a.id(), "02:00:00:00:0a:02", "10.0.0.12", cp(2, 1));
        fixture.port(b.id(), "02:00:00:00:0b:01", "10.0.1.11", cp(1, 2));
        Port b3 = fixture.port(b.id(), "02:00:00:00:0b:03", "10.0.1.13", cp(3, 1));
        Map<DeviceId, List<FlowRule>> rules = o.compile(vpcs(), placed());
        List<Ip4Address> admitted = new ArrayList<>();
        for (FlowRule r : rules.get(DeviceId.of(2))) {
            r.match().get(Criterion.Type.TUN_IPV4_SRC).ifPresent(c -> admitted.add(((Criterion.Ip4Field) c).prefix().address()));
        }
        assertEquals(List.of(endpoint(1)), admitted, "hypervisor 2 shares VPC A with 1 only, never B's 3");
        SimFabric f = o.fabric(rules);
        SimPacket inner = SimPacket.icmpEcho(b3.macAddress(), io.skylane.core.net.MacAddress.of(0x0e5c02000002L),
                ip(b3), ip(a1));
        FabricResult fromThree = f.receiveTunnelled(endpoint(3), endpoint(2), a.segmentId(), inner);
        assertTrue(fromThree.deliveredTo().isEmpty(), fromThree.toString());
    }

    @Test
    void aHypervisorWithoutItsTunnelPortIsReachedByNoOne() {
        Overlay o = new Overlay().hypervisor(1, 1).hypervisor(2, 1);
        o.endpoints.remove(DeviceId.of(2)); // registered but its tunnel port not seen yet
        Vpc a = vpc("10.0.0.0/24");
        Port a1 = fixture.port(a.id(), "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1));
        Port a2 = fixture.port(a.id(), "02:00:00:00:0a:02", "10.0.0.12", cp(2, 1));
        Map<DeviceId, List<FlowRule>> rules = o.compile(vpcs(), placed());
        assertTrue(rules.get(DeviceId.of(2)).stream().noneMatch(r -> r.match().get(Criterion.Type.TUNNEL_ID).isPresent()
                || r.match().get(Criterion.Type.TUN_IPV4_SRC).isPresent()), "no tunnel rules without a tunnel port");
        SimFabric.Builder b = SimFabric.builder().edge(cp(1, 1)).edge(cp(2, 1))
                .tunnelEndpoint(DeviceId.of(1), TUNNEL, endpoint(1));
        rules.values().forEach(b::rules);
        FabricResult r = b.build().send(cp(1, 1), SimPacket.icmpEcho(a1.macAddress(), a2.macAddress(), ip(a1), ip(a2)));
        assertTrue(r.deliveredTo().isEmpty() && r.tunnelled().isEmpty(), r.toString());
    }

    @Test
    void tenantMtuFollowsTheEncapsulation() {
        TopologySnapshot s = new VpcPipelineTest.Net().snapshot();
        FabricTransport fabric = new FabricTransport(s, PathComputer.of(s, LinkWeigher.HOP_COUNT), 1500);
        assertEquals(1500, fabric.tenantMtu(4094), "a VLAN tag does not count against the MTU");
        assertEquals(1496, fabric.tenantMtu(4095), "an MPLS label does");
        assertEquals(1450, new OverlayTransport(Map.of(), 1500).tenantMtu(70000));
        assertEquals(1500, new OverlayTransport(Map.of(), 1550).tenantMtu(1));
    }

    // ---- 10,000 VPCs in both modes --------------------------------------------------------

    @Test
    void tenThousandVpcsWithTheSameAddressesWorkInBothModes() {
        int count = 10_000;
        int hvs = 10;
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        UUID tenant = new UUID(0, 1);
        Map<UUID, Vpc> vpcs = new HashMap<>();
        List<PlacedPort> placed = new ArrayList<>();
        List<PlacedPort[]> pairs = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            Vpc vpc = new Vpc(Meta.created(new UUID(1, v), tenant, "v" + v, "", now, List.of(), Map.of()), v + 1);
            vpcs.put(vpc.id(), vpc);
            // Every VPC has the same two addresses (10.0.0.2 and .3), on two different hypervisors.
            PlacedPort a = new PlacedPort(VpcCompilerBenchmark.port(vpc, 0, now, tenant), cp(v % hvs + 1, 1000 + v));
            PlacedPort b = new PlacedPort(VpcCompilerBenchmark.port(vpc, 1, now, tenant),
                    cp((v + 3) % hvs + 1, 1000 + v));
            placed.add(a);
            placed.add(b);
            pairs.add(new PlacedPort[] {a, b});
        }
        Overlay o = new Overlay();
        VpcPipelineTest.Net fabricNet = new VpcPipelineTest.Net();
        for (int h = 1; h <= hvs; h++) {
            o.hypervisor(h);
            fabricNet.cable(h, 10, 100, h).cable(h, 11, 101, h); // two spines, 100 and 101
        }
        for (PlacedPort p : placed) {
            o.net.edge(p.location().deviceId().dpid(), p.location().port().value());
            fabricNet.edge(p.location().deviceId().dpid(), p.location().port().value());
        }
        SimFabric overlay = o.fabric(o.compile(vpcs, placed));
        TopologySnapshot s = fabricNet.snapshot();
        SimFabric fabric = fabricNet.fabric(new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT))
                .compile(vpcs, placed));
        for (int v : new int[] {0, 1, 4093, 4094, 4095, 7777, count - 1}) {
            PlacedPort a = pairs.get(v)[0];
            PlacedPort b = pairs.get(v)[1];
            SimPacket ping = SimPacket.icmpEcho(a.port().macAddress(), b.port().macAddress(), ip(a.port()), ip(b.port()));
            FabricResult ro = overlay.send(a.location(), ping);
            assertTrue(ro.deliveredOnlyTo(b.location()), "overlay, VPC #" + v + ": " + ro);
            assertEquals(v + 1, ro.tunnelled().get(0).vni());
            FabricResult rf = fabric.send(a.location(), ping);
            assertTrue(rf.deliveredOnlyTo(b.location()), "fabric, VPC #" + v + ": " + rf);
        }
    }
}
