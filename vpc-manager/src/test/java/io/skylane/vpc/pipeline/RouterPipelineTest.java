package io.skylane.vpc.pipeline;

import static io.skylane.vpc.pipeline.VpcPipelineTest.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.FlowRule;
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
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.SecurityGroupRule.Direction;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.JournalIntentStore;
import io.skylane.vpc.testing.StoredRouters;
import io.skylane.vpc.testing.TenantFixture;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Routers joining subnets of different VPCs, on the simulator: a host routes through its own
 * gateway to a port of the other VPC in a subnet on the same router (TTL-1, the other VPC's router
 * MAC as the source, that port's ingress security groups), and back; nothing else crosses (another
 * subnet, a second router, no router), in fabric mode (VLAN and MPLS segments) and overlay mode.
 */
class RouterPipelineTest {

    private static final PortNumber TUNNEL = PortNumber.of(100);

    /** Segments from 4094: the first VPC's travels as a VLAN id, the others' as MPLS labels. */
    private final IntentService intents = new IntentService(JournalIntentStore.inMemory(),
            new IntentConfig(TenantFixture.ADMIN_TOKEN, 4094, 16_777_215, IntentConfig.DEFAULT_MAC_PREFIX),
            Clock.systemUTC());
    private final TenantFixture fixture = new TenantFixture(intents, "routers");
    private final StoredRouters routers = new StoredRouters(fixture);

    /** Two VPCs, each with a subnet on the router and one not on it, ports on switches 1 and 3. */
    private final Vpc a = fixture.vpc();
    private final Vpc b = fixture.vpc();
    private final Subnet a0 = fixture.subnet(a.id(), "10.0.0.0/24");
    private final Subnet a5 = fixture.subnet(a.id(), "10.0.5.0/24");
    private final Subnet b0 = fixture.subnet(b.id(), "10.1.0.0/24");
    private final Subnet b5 = fixture.subnet(b.id(), "10.1.5.0/24");
    private final Port a1 = fixture.port(a.id(), "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1));
    private final Port a2 = fixture.port(a.id(), "02:00:00:00:0a:02", "10.0.5.12", cp(1, 2));
    private final Port b1 = fixture.port(b.id(), "02:00:00:00:0b:01", "10.1.0.11", cp(3, 1));
    private final Port b2 = fixture.port(b.id(), "02:00:00:00:0b:02", "10.1.5.12", cp(3, 2));
    private final Port b3 = fixture.port(b.id(), "02:00:00:00:0b:03", "10.1.0.13", cp(1, 3));

    private static VpcPipelineTest.Net line() {
        return new VpcPipelineTest.Net().cable(1, 10, 2, 10).cable(2, 11, 3, 10)
                .edge(1, 1).edge(1, 2).edge(1, 3).edge(2, 1).edge(3, 1).edge(3, 2).edge(3, 3);
    }

    private static Ip4Address ip(Port p) {
        return Ip4Address.of(p.fixedIps().get(0).ipAddress().getAddress(), 0);
    }

    private Map<UUID, Vpc> vpcs() {
        Map<UUID, Vpc> out = new HashMap<>();
        intents.store().all(ResourceType.VPC).forEach(r -> out.put(r.id(), (Vpc) r));
        return out;
    }

    private List<PlacedPort> placed() {
        List<PlacedPort> placed = new ArrayList<>();
        for (Resource r : intents.store().all(ResourceType.PORT)) {
            Port p = (Port) r;
            placed.add(new PlacedPort(p, cp(p.binding().dpid().dpid(), p.binding().port().value())));
        }
        return placed;
    }

    private Joins joins() {
        Map<UUID, Subnet> subnets = new HashMap<>();
        intents.store().all(ResourceType.SUBNET).forEach(r -> subnets.put(r.id(), (Subnet) r));
        List<Router> all = new ArrayList<>();
        intents.store().all(ResourceType.ROUTER).forEach(r -> all.add((Router) r));
        return Joins.of(all, subnets::get, vpcs()::get);
    }

    private Acl acl() {
        return Acl.from(intents.store().all(ResourceType.SECURITY_GROUP_RULE), intents.store().all(ResourceType.PORT),
                joins(), vpcs().keySet());
    }

    private SimFabric fabric(VpcPipelineTest.Net net, SecurityGroups acl) {
        TopologySnapshot s = net.snapshot();
        return net.fabric(new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT))
                .compile(vpcs(), placed(), acl, Map.of(), joins()));
    }

    /** From {@code from} through its gateway (its VPC's router MAC) to {@code to}'s address. */
    private static SimPacket routed(Port from, Vpc fromVpc, Port to) {
        return SimPacket.icmpEcho(from.macAddress(), Pipeline.routerMac(fromVpc.segmentId()), ip(from), ip(to));
    }

    private static SimPacket transitInput(FabricResult r, DeviceId d) {
        return r.hops().stream().filter(h -> h.device().equals(d)).map(SimResult::input).findFirst()
                .orElseThrow(() -> new AssertionError("never at " + d + ": " + r));
    }

    @Test
    void aRouterJoinsItsSubnetsOfTwoVpcsBothWaysAcrossTheFabric() {
        routers.create(a0.id(), b0.id());
        SimFabric f = fabric(line(), null);

        FabricResult there = f.send(cp(1, 1), routed(a1, a, b1));
        assertTrue(there.deliveredOnlyTo(cp(3, 1)), there.toString());
        SimPacket got = there.packetAt(cp(3, 1));
        assertEquals(63, got.ttl(), "routed once");
        assertEquals(Pipeline.routerMac(b.segmentId()), got.ethSrc(), "as routed by B's gateway");
        assertEquals(b1.macAddress(), got.ethDst());
        assertEquals(List.of(b.segmentId()), transitInput(there, DeviceId.of(2)).mplsLabels(),
                "B's segment (above 4094: an MPLS label) across the fabric");

        FabricResult back = f.send(cp(3, 1), routed(b1, b, a1));
        assertTrue(back.deliveredOnlyTo(cp(1, 1)), back.toString());
        assertEquals(Pipeline.routerMac(a.segmentId()), back.packetAt(cp(1, 1)).ethSrc());
        assertEquals(63, back.packetAt(cp(1, 1)).ttl());
        assertEquals(a.segmentId(), transitInput(back, DeviceId.of(2)).vlans().get(0).vid(), "A's VLAN (4094)");

        FabricResult local = f.send(cp(1, 1), routed(a1, a, b3));
        assertTrue(local.deliveredOnlyTo(cp(1, 3)), "B's port on A's switch: delivered there\n" + local);
        assertEquals(Pipeline.routerMac(b.segmentId()), local.packetAt(cp(1, 3)).ethSrc());
        assertEquals(63, local.packetAt(cp(1, 3)).ttl());
    }

    @Test
    void onlyTheRoutersSubnetsAndOnlyThroughTheGatewayCross() {
        routers.create(a0.id(), b0.id());
        SimFabric f = fabric(line(), null);

        FabricResult toOtherSubnet = f.send(cp(1, 1), routed(a1, a, b2));
        assertTrue(toOtherSubnet.deliveredTo().isEmpty(), "B's subnet not on the router\n" + toOtherSubnet);
        FabricResult fromOtherSubnet = f.send(cp(1, 2), routed(a2, a, b1));
        assertTrue(fromOtherSubnet.deliveredTo().isEmpty(), "A's subnet not on the router\n" + fromOtherSubnet);
        FabricResult switched = f.send(cp(1, 1), SimPacket.icmpEcho(a1.macAddress(), b1.macAddress(), ip(a1), ip(b1)));
        assertTrue(switched.deliveredTo().isEmpty(), "not sent to the gateway: not routed\n" + switched);
        FabricResult withinA = f.send(cp(1, 1), routed(a1, a, a2));
        assertTrue(withinA.deliveredOnlyTo(cp(1, 2)), "A still routes its own subnets\n" + withinA);
    }

    @Test
    void withoutARouterOrAfterItsInterfaceIsRemovedNothingCrosses() {
        SimFabric none = fabric(line(), null);
        assertTrue(none.send(cp(1, 1), routed(a1, a, b1)).deliveredTo().isEmpty());

        Router r = routers.create(a0.id(), b0.id(), b5.id());
        assertTrue(fabric(line(), null).send(cp(1, 1), routed(a1, a, b2)).deliveredOnlyTo(cp(3, 2)));
        r = routers.update(r, List.of(a0.id(), b5.id()));
        SimFabric less = fabric(line(), null);
        assertTrue(less.send(cp(1, 1), routed(a1, a, b1)).deliveredTo().isEmpty(), "b0's interface removed");
        assertTrue(less.send(cp(1, 1), routed(a1, a, b2)).deliveredOnlyTo(cp(3, 2)), "b5's kept");
        routers.delete(r);
        SimFabric gone = fabric(line(), null);
        assertTrue(gone.send(cp(1, 1), routed(a1, a, b2)).deliveredTo().isEmpty(), "router deleted");
        assertTrue(gone.send(cp(3, 2), routed(b2, b, a1)).deliveredTo().isEmpty());
    }

    @Test
    void routersDoNotChain() {
        Vpc c = fixture.vpc();
        Subnet c0 = fixture.subnet(c.id(), "10.2.0.0/24");
        Port c1 = fixture.port(c.id(), "02:00:00:00:0c:01", "10.2.0.11", cp(3, 3));
        routers.create(a0.id(), b0.id());
        Router second = routers.create(b5.id(), c0.id());
        assertEquals(2, second.subnetIds().size());
        SimFabric f = fabric(line(), null);

        assertTrue(f.send(cp(1, 1), routed(a1, a, b1)).deliveredOnlyTo(cp(3, 1)), "A-B through the first");
        assertTrue(f.send(cp(3, 2), routed(b2, b, c1)).deliveredOnlyTo(cp(3, 3)), "B-C through the second");
        assertTrue(f.send(cp(1, 1), routed(a1, a, c1)).deliveredTo().isEmpty(), "never A to C");
        assertTrue(f.send(cp(3, 3), routed(c1, c, a1)).deliveredTo().isEmpty(), "never C to A");
        assertTrue(f.send(cp(3, 1), routed(b1, b, c1)).deliveredTo().isEmpty(), "b0 is not on the second");
    }

    @Test
    void theDestinationPortsIngressSecurityGroupsApplyAndRepliesComeBack() {
        UUID web = fixture.group("web", RuleSpec.any(Direction.INGRESS).withProtocol("tcp").withPorts(8080, 8080)
                .withRemoteIpPrefix(io.skylane.vpc.model.IpPrefix.parse("10.0.0.0/24")));
        Port w = fixture.port(b.id(), TenantFixture.settings("02:00:00:00:0b:04", "10.1.0.14", cp(3, 3))
                .withSecurityGroups(List.of(web)));
        routers.create(a0.id(), b0.id());
        SimFabric f = fabric(line(), acl());

        SimPacket http = SimPacket.tcp(a1.macAddress(), Pipeline.routerMac(a.segmentId()), ip(a1), ip(w), 40000, 8080);
        FabricResult in = f.send(cp(1, 1), http);
        assertTrue(in.deliveredOnlyTo(cp(3, 3)), in.toString());
        FabricResult reply = f.send(cp(3, 3), SimPacket.tcp(w.macAddress(), Pipeline.routerMac(b.segmentId()), ip(w),
                ip(a1), 8080, 40000));
        assertTrue(reply.deliveredOnlyTo(cp(1, 1)), "the reply passes both ports' conntrack\n" + reply);

        FabricResult ssh = f.send(cp(1, 1), SimPacket.tcp(a1.macAddress(), Pipeline.routerMac(a.segmentId()), ip(a1),
                ip(w), 40001, 22));
        assertTrue(ssh.deliveredTo().isEmpty(), ssh.toString());
        assertTrue(ssh.drops().stream().anyMatch(d -> d.device().equals(DeviceId.of(3))
                && d.reason().contains("table " + Pipeline.ACL_IN_CT)), "dropped by w's ingress rules\n" + ssh);

        // b1 is in the tenant's default group, which admits its members: a1 is one, in a subnet joined to b1's.
        FabricResult toDefault = f.send(cp(1, 1), routed(a1, a, b1));
        assertTrue(toDefault.deliveredOnlyTo(cp(3, 1)), "a member of b1's remote group, through the router\n" + toDefault);
        FabricResult pong = f.send(cp(3, 1), routed(b1, b, a1).with(io.skylane.core.flow.Criterion.Type.ICMPV4_TYPE, 0));
        assertTrue(pong.deliveredOnlyTo(cp(1, 1)), pong.toString());
    }

    @Test
    void aRemoteGroupAdmitsItsMembersInTheSubnetsJoinedToTheVpcsOnly() {
        routers.create(a0.id(), b0.id());
        Acl acl = Acl.from(intents.store().all(ResourceType.SECURITY_GROUP_RULE), intents.store().all(ResourceType.PORT),
                joins(), vpcs().keySet());
        List<io.skylane.core.net.Ip4Prefix> inB = acl.members(fixture.defaultGroup(), b.id());
        assertTrue(inB.contains(io.skylane.core.net.Ip4Prefix.of(ip(b2), 32)), "B's own, on the router or not: " + inB);
        assertTrue(inB.contains(io.skylane.core.net.Ip4Prefix.of(ip(a1), 32)), "A's in the joined subnet: " + inB);
        assertTrue(!inB.contains(io.skylane.core.net.Ip4Prefix.of(ip(a2), 32)), "not A's other subnet: " + inB);
        assertEquals(4, inB.size(), inB.toString());
        assertEquals(java.util.Set.of(io.skylane.core.net.Ip4Prefix.of(ip(a1), 32),
                io.skylane.core.net.Ip4Prefix.of(ip(a2), 32)), java.util.Set.copyOf(Acl.from(
                        intents.store().all(ResourceType.SECURITY_GROUP_RULE), intents.store().all(ResourceType.PORT))
                        .members(fixture.defaultGroup(), a.id())), "without routers: the VPC's own");
    }

    @Test
    void overlayTunnelsJoinedTrafficWithTheDestinationsVniBetweenHypervisorsSharingNoVpc() {
        // A on hypervisor 1 only, B on 3 only (b3 moved off 1): they share no VPC, only the router.
        Map<DeviceId, TunnelEndpoint> endpoints = new TreeMap<>();
        VpcPipelineTest.Net net = new VpcPipelineTest.Net();
        for (long hv = 1; hv <= 3; hv++) {
            DeviceId d = DeviceId.of(hv);
            net.port(hv, TUNNEL.value()).edge(hv, 1).edge(hv, 2).edge(hv, 3);
            endpoints.put(d, new TunnelEndpoint(d, endpoint(hv), TUNNEL));
        }
        fixture.intents.delete(ResourceType.PORT, io.skylane.vpc.intent.Actor.ADMIN, b3.id(), null, false);
        routers.create(a0.id(), b0.id());
        TopologySnapshot s = net.snapshot();
        Map<DeviceId, List<FlowRule>> rules = new VpcCompiler(s, new OverlayTransport(endpoints, 1500))
                .compile(vpcs(), placed(), null, Map.of(), joins());
        SimFabric.Builder sb = SimFabric.builder();
        net.edges.forEach(sb::edge);
        endpoints.values().forEach(e -> sb.tunnelEndpoint(e.device(), e.tunnelPort(), e.address()));
        rules.values().forEach(sb::rules);
        SimFabric f = sb.build();

        FabricResult there = f.send(cp(1, 1), routed(a1, a, b1));
        assertTrue(there.deliveredOnlyTo(cp(3, 1)), there.toString());
        assertEquals(1, there.tunnelled().size(), there.toString());
        assertEquals(b.segmentId(), there.tunnelled().get(0).vni(), "B's VNI");
        assertEquals(endpoint(3), there.tunnelled().get(0).tunDst());
        assertEquals(63, there.packetAt(cp(3, 1)).ttl());
        assertEquals(Pipeline.routerMac(b.segmentId()), there.packetAt(cp(3, 1)).ethSrc());
        FabricResult back = f.send(cp(3, 1), routed(b1, b, a1));
        assertTrue(back.deliveredOnlyTo(cp(1, 1)), back.toString());
        assertEquals(a.segmentId(), back.tunnelled().get(0).vni());

        FabricResult fromTwo = f.receiveTunnelled(endpoint(2), endpoint(3), b.segmentId(),
                SimPacket.icmpEcho(a1.macAddress(), Pipeline.switchMac(DeviceId.of(3)), ip(a1), ip(b1)));
        assertTrue(fromTwo.deliveredTo().isEmpty(), "hypervisor 2 hosts neither VPC: not admitted\n" + fromTwo);
    }

    private static Ip4Address endpoint(long hv) {
        return Ip4Address.parse("192.168.100." + hv);
    }
}
