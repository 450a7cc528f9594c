package io.skylane.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Flow-based tunnels in {@link SimFabric}: three hypervisor switches, each with tunnel port 100 and
 * an endpoint, hand-written rules shaped like docs/overlay-design.md §8 (table 0: tunnel input by
 * VNI into the segment; table 4: local port, or set tun_id and tun_dst and output the tunnel port;
 * table 6: delivery of decapsulated packets; one broadcast group ALL per VPC and switch).
 */
class SimFabricTunnelTest {

    private static final AppId APP = AppId.of(31, "tunnel-test");
    private static final DeviceId S1 = DeviceId.of(1);
    private static final DeviceId S2 = DeviceId.of(2);
    private static final DeviceId S3 = DeviceId.of(3);
    private static final List<DeviceId> SWITCHES = List.of(S1, S2, S3);
    private static final long TUNNEL = 100;

    private static Ip4Address endpoint(DeviceId d) {
        return Ip4Address.parse("172.31.199." + d.dpid());
    }

    /** A VPC: its segment (metadata bits 0..23) is its VNI. */
    private record Vpc(int vni) {
    }

    private static final Vpc A = new Vpc(5000);
    private static final Vpc B = new Vpc(70000);

    /** A tenant port; VPC B's hosts reuse VPC A's MAC and IP addresses. */
    private record Host(Vpc vpc, MacAddress mac, Ip4Address ip, ConnectPoint at) {
    }

    private static Host host(Vpc vpc, int n, DeviceId d, long port) {
        return new Host(vpc, MacAddress.of(0x020000000000L + n), Ip4Address.parse("10.0.0." + (10 + n)),
                ConnectPoint.of(d, PortNumber.of(port)));
    }

    private static final Host A1 = host(A, 1, S1, 1);
    private static final Host A2 = host(A, 2, S2, 1);
    private static final Host A3 = host(A, 3, S3, 1);
    private static final Host B1 = host(B, 1, S1, 2);
    private static final Host B2 = host(B, 2, S2, 2);
    private static final List<Host> HOSTS = List.of(A1, A2, A3, B1, B2);

    private static FlowRule.Builder rule(DeviceId d, int table, int priority, Criterion... criteria) {
        Match.Builder m = Match.builder();
        for (Criterion c : criteria) {
            m.add(c);
        }
        return FlowRule.builder().device(d).table(table).priority(priority).match(m.build()).app(APP);
    }

    private static Criterion segment(Vpc v) {
        return Criterion.metadata(v.vni(), 0xffffff);
    }

    private static Action out(long port) {
        return Action.output(PortNumber.of(port));
    }

    private static List<Action> toTunnel(Vpc v, DeviceId remote) {
        return List.of(Action.setTunnelId(v.vni()), Action.setTunnelDst(endpoint(remote)), out(TUNNEL));
    }

    private static Set<DeviceId> hypervisorsOf(Vpc v) {
        return HOSTS.stream().filter(h -> h.vpc().equals(v)).map(h -> h.at().deviceId()).collect(Collectors.toSet());
    }

    /**
     * The overlay rules; with {@code pinSources}, tunnel input also matches tun_src, one rule per
     * other hypervisor of the VPC (only registered endpoints are accepted).
     */
    private static List<FlowRule> rules(boolean pinSources) {
        List<FlowRule> rules = new ArrayList<>();
        for (Vpc v : List.of(A, B)) {
            for (DeviceId d : hypervisorsOf(v)) {
                Instruction seg = new Instruction.WriteMetadata(v.vni(), 0xffffff);
                Criterion in = Criterion.inPort(PortNumber.of(TUNNEL));
                if (pinSources) {
                    hypervisorsOf(v).stream().filter(p -> !p.equals(d)).forEach(peer -> rules.add(rule(d, 0, 3050, in,
                            Criterion.tunnelSrc(endpoint(peer)), Criterion.tunnelId(v.vni())).instruction(seg)
                            .gotoTable(6).build()));
                } else {
                    rules.add(rule(d, 0, 3000, in, Criterion.tunnelId(v.vni())).instruction(seg).gotoTable(6).build());
                }
                rules.add(rule(d, 4, 3300, segment(v), Criterion.ethDst(MacAddress.BROADCAST))
                        .apply(new Action.Group(groupId(v))).build());
            }
        }
        for (Host h : HOSTS) {
            DeviceId d = h.at().deviceId();
            long port = h.at().port().value();
            rules.add(rule(d, 0, 100, Criterion.inPort(h.at().port()))
                    .instruction(new Instruction.WriteMetadata(h.vpc().vni(), 0xffffff)).gotoTable(4).build());
            rules.add(rule(d, 6, 100, segment(h.vpc()), Criterion.ethDst(h.mac())).apply(out(port)).build());
            rules.add(rule(d, 6, 90, segment(h.vpc()), Criterion.ethDst(MacAddress.BROADCAST)).apply(out(port))
                    .build());
            for (DeviceId other : hypervisorsOf(h.vpc())) {
                Criterion[] key = {segment(h.vpc()), Criterion.ethDst(h.mac())};
                rules.add(other.equals(d) ? rule(other, 4, 100, key).apply(out(port)).build()
                        : rule(other, 4, 100, key).apply(toTunnel(h.vpc(), d).toArray(new Action[0])).build());
            }
        }
        return rules;
    }

    private static int groupId(Vpc v) {
        return v == A ? 1 : 2;
    }

    /** Per VPC and hypervisor: its local ports, and one tunnel bucket per other hypervisor of the VPC. */
    private static List<GroupDescription> groups() {
        List<GroupDescription> groups = new ArrayList<>();
        for (Vpc v : List.of(A, B)) {
            for (DeviceId d : hypervisorsOf(v)) {
                List<GroupBucket> buckets = new ArrayList<>();
                HOSTS.stream().filter(h -> h.vpc().equals(v) && h.at().deviceId().equals(d))
                        .forEach(h -> buckets.add(GroupBucket.all(List.of(Action.output(h.at().port())))));
                hypervisorsOf(v).stream().filter(p -> !p.equals(d)).sorted()
                        .forEach(peer -> buckets.add(GroupBucket.all(toTunnel(v, peer))));
                groups.add(new GroupDescription(d, groupId(v), GroupDescription.Type.ALL, buckets, APP.id()));
            }
        }
        return groups;
    }

    private static SimFabric.Builder builder(List<FlowRule> rules) {
        SimFabric.Builder b = SimFabric.builder().rules(rules).groups(groups());
        SWITCHES.forEach(d -> b.tunnelEndpoint(d, PortNumber.of(TUNNEL), endpoint(d)));
        HOSTS.forEach(h -> b.edge(h.at()));
        return b;
    }

    private static SimFabric fabric() {
        return builder(rules(false)).build();
    }

    private static SimPacket tcp(Host from, Host to) {
        return SimPacket.tcp(from.mac(), to.mac(), from.ip(), to.ip(), 40000, 80);
    }

    @Test
    void unicastCrossesTheTunnelWithTheVpcsVniAndArrivesDecapsulated() {
        SimPacket p = tcp(A1, A2);

        FabricResult r = fabric().send(A1.at(), p);

        assertTrue(r.deliveredOnlyTo(A2.at()), r::toString);
        assertEquals(p, r.packetAt(A2.at()), "the inner frame, unchanged, with no tunnel fields left on the wire");
        assertEquals(List.of(A1.at(), ConnectPoint.of(S2, PortNumber.of(TUNNEL))), r.deliveries().get(0).path());
        assertEquals(1, r.tunnelled().size(), r::toString);
        FabricResult.Tunnelled t = r.tunnelled().get(0);
        assertEquals(ConnectPoint.of(S1, PortNumber.of(TUNNEL)), t.from());
        assertEquals(ConnectPoint.of(S2, PortNumber.of(TUNNEL)), t.to());
        assertEquals(endpoint(S1), t.tunSrc());
        assertEquals(endpoint(S2), t.tunDst());
        assertEquals(A.vni(), t.vni());
        assertEquals(PortNumber.of(TUNNEL), t.arrived().inPort());
        assertEquals(A.vni(), t.arrived().get(Type.TUNNEL_ID));
        assertEquals(0, t.arrived().metadata(), "the sender's metadata does not cross");
        assertEquals(p.at(PortNumber.of(TUNNEL)), t.arrived().onWire().at(PortNumber.of(TUNNEL)));
        assertEquals(List.of(0, 4), r.hops().get(0).tables());
        assertEquals(List.of(0, 6), r.hops().get(1).tables());
    }

    @Test
    void twoVnisWithTheSameInnerAddressesAreNeverDeliveredIntoEachOther() {
        SimFabric f = fabric();

        FabricResult a = f.send(A1.at(), tcp(A1, A2));
        FabricResult b = f.send(B1.at(), tcp(B1, B2));

        assertEquals(tcp(A1, A2), tcp(B1, B2), "the same headers in both VPCs");
        assertTrue(a.deliveredOnlyTo(A2.at()), a::toString);
        assertTrue(b.deliveredOnlyTo(B2.at()), b::toString);
        assertEquals(A.vni(), a.tunnelled().get(0).vni());
        assertEquals(B.vni(), b.tunnelled().get(0).vni());
    }

    @Test
    void aVniWithNoRuleAtTheReceiverIsDroppedNotDecapsulatedIntoAnotherVpc() {
        SimFabric f = fabric();
        SimPacket toA3 = tcp(A1, A3);

        FabricResult wrongVni = f.receiveTunnelled(endpoint(S1), endpoint(S3), B.vni(), toA3);
        FabricResult rightVni = f.receiveTunnelled(endpoint(S1), endpoint(S3), A.vni(), toA3);

        assertTrue(wrongVni.isDropped(), wrongVni::toString);
        assertEquals(S3, wrongVni.drops().get(0).device());
        assertEquals("table miss in table 0", wrongVni.drops().get(0).reason());
        assertTrue(rightVni.deliveredOnlyTo(A3.at()), rightVni::toString);
        assertEquals(toA3, rightVni.packetAt(A3.at()));
    }

    @Test
    void theReceiverSeesTheSendersEndpointAsTunSrcAndCanRejectOthers() {
        SimFabric f = builder(rules(true)).build();

        FabricResult fromS3 = f.send(A3.at(), tcp(A3, A2));
        FabricResult spoofed = f.receiveTunnelled(endpoint(S3), endpoint(S2), B.vni(), tcp(B1, B2));
        FabricResult registered = f.receiveTunnelled(endpoint(S1), endpoint(S2), B.vni(), tcp(B1, B2));

        assertTrue(fromS3.deliveredOnlyTo(A2.at()), fromS3::toString);
        SimPacket arrived = fromS3.hops().get(1).input();
        assertEquals(endpoint(S3).value() & 0xffffffffL, arrived.get(Type.TUN_IPV4_SRC));
        assertEquals(endpoint(S2).value() & 0xffffffffL, arrived.get(Type.TUN_IPV4_DST));
        assertTrue(spoofed.isDropped(), "S3 hosts no port of VPC B: its endpoint is not accepted for B\n" + spoofed);
        assertEquals("table miss in table 0", spoofed.drops().get(0).reason());
        assertTrue(registered.deliveredOnlyTo(B2.at()), registered::toString);
    }

    @Test
    void aTunDstThatNoSwitchOwnsIsARecordedDrop() {
        MacAddress stray = MacAddress.of(0x0200000000ffL);
        List<FlowRule> rules = new ArrayList<>(rules(false));
        rules.add(rule(S1, 4, 100, segment(A), Criterion.ethDst(stray)).apply(Action.setTunnelId(A.vni()),
                Action.setTunnelDst(Ip4Address.parse("172.31.199.9")), out(TUNNEL)).build());

        FabricResult r = builder(rules).build().send(A1.at(), SimPacket.tcp(A1.mac(), stray, A1.ip(),
                Ip4Address.parse("10.0.0.99"), 40000, 80));

        assertTrue(r.isDropped(), r::toString);
        assertTrue(r.tunnelled().isEmpty());
        assertEquals(1, r.drops().size(), r::toString);
        assertEquals(S1, r.drops().get(0).device());
        assertEquals("tunnel: tun_dst 172.31.199.9 is no switch's endpoint", r.drops().get(0).reason());
    }

    @Test
    void aTunnelOutputWithoutTunDstOrWithAVniWiderThan24BitsOrToItselfIsDropped() {
        MacAddress noDst = MacAddress.of(0x0200000000f1L);
        MacAddress wide = MacAddress.of(0x0200000000f2L);
        MacAddress self = MacAddress.of(0x0200000000f3L);
        List<FlowRule> rules = new ArrayList<>(rules(false));
        rules.add(rule(S1, 4, 100, segment(A), Criterion.ethDst(noDst)).apply(Action.setTunnelId(A.vni()),
                out(TUNNEL)).build());
        rules.add(rule(S1, 4, 100, segment(A), Criterion.ethDst(wide)).apply(Action.setTunnelId(1L << 24),
                Action.setTunnelDst(endpoint(S2)), out(TUNNEL)).build());
        rules.add(rule(S1, 4, 100, segment(A), Criterion.ethDst(self)).apply(Action.setTunnelId(A.vni()),
                Action.setTunnelDst(endpoint(S1)), out(TUNNEL)).build());
        SimFabric f = builder(rules).build();

        List<String> reasons = new ArrayList<>();
        for (MacAddress dst : List.of(noDst, wide, self)) {
            FabricResult r = f.send(A1.at(), SimPacket.tcp(A1.mac(), dst, A1.ip(), A2.ip(), 40000, 80));
            assertTrue(r.isDropped() && r.tunnelled().isEmpty(), r::toString);
            reasons.add(r.drops().get(0).reason());
        }

        assertEquals(List.of("tunnel: output to tunnel port 100 without tun_dst",
                "tunnel: tun_id 0x1000000 does not fit a 24-bit VNI",
                "tunnel: tun_dst 172.31.199.1 is the sender's own endpoint"), reasons);
    }

    @Test
    void aBroadcastGroupReachesExactlyTheEndpointsItNames() {
        SimFabric f = fabric();
        SimPacket fromA1 = SimPacket.arpRequest(A1.mac(), A1.ip(), A2.ip());
        SimPacket fromB1 = SimPacket.arpRequest(B1.mac(), B1.ip(), B2.ip());

        FabricResult a = f.send(A1.at(), fromA1);
        FabricResult b = f.send(B1.at(), fromB1);

        assertTrue(a.deliveredOnlyTo(A2.at(), A3.at()), a::toString);
        assertEquals(Set.of(endpoint(S2), endpoint(S3)),
                a.tunnelled().stream().map(FabricResult.Tunnelled::tunDst).collect(Collectors.toSet()));
        assertEquals(2, a.tunnelled().size());
        assertTrue(a.tunnelled().stream().allMatch(t -> t.vni() == A.vni()));
        assertEquals(fromA1, a.packetAt(A3.at()));
        assertTrue(b.deliveredOnlyTo(B2.at()), "S3 hosts no port of VPC B: nothing goes there\n" + b);
        assertEquals(List.of(endpoint(S2)), b.tunnelled().stream().map(FabricResult.Tunnelled::tunDst).toList());
        assertEquals(B.vni(), b.tunnelled().get(0).vni());
    }

    @Test
    void aReceiverWhoseTunnelPortIsDownDropsTheCopy() {
        FabricResult r = builder(rules(false)).down(ConnectPoint.of(S2, PortNumber.of(TUNNEL))).build()
                .send(A1.at(), tcp(A1, A2));

        assertTrue(r.isDropped(), r::toString);
        assertEquals(S2, r.drops().get(0).device());
        assertEquals("tunnel: the receiver's tunnel port 0000000000000002/100 is down", r.drops().get(0).reason());
    }

    @Test
    void newRulesKeepTheTunnels() {
        SimFabric f = fabric().withRules(rules(true));

        FabricResult r = f.send(B1.at(), tcp(B1, B2));

        assertTrue(r.deliveredOnlyTo(B2.at()), r::toString);
        assertEquals(B.vni(), r.tunnelled().get(0).vni());
    }

    @Test
    void aTunnelPortHasNoLinkAndNoHostAndEndpointsAreDistinct() {
        PortNumber tunnel = PortNumber.of(TUNNEL);
        assertThrows(IllegalArgumentException.class, () -> SimFabric.builder().tunnelEndpoint(S1, tunnel, endpoint(S1))
                .link(ConnectPoint.of(S1, tunnel), ConnectPoint.of(S2, PortNumber.of(1))));
        assertThrows(IllegalArgumentException.class, () -> SimFabric.builder().tunnelEndpoint(S1, tunnel, endpoint(S1))
                .edge(ConnectPoint.of(S1, tunnel)));
        assertThrows(IllegalArgumentException.class, () -> SimFabric.builder().tunnelEndpoint(S1, tunnel, endpoint(S1))
                .tunnelEndpoint(S2, tunnel, endpoint(S1)));
        assertThrows(IllegalArgumentException.class, () -> SimFabric.builder().tunnelEndpoint(S1, tunnel, endpoint(S1))
                .tunnelEndpoint(S1, PortNumber.of(101), endpoint(S2)));
    }
}
