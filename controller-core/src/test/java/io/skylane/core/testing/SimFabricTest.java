package io.skylane.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimFabricTest {

    private static final AppId APP = AppId.of(30, "fabric-test");
    private static final DeviceId S1 = DeviceId.of(1);
    private static final DeviceId S2 = DeviceId.of(2);
    private static final DeviceId S3 = DeviceId.of(3);
    private static final MacAddress GW = MacAddress.parse("02:00:00:00:00:fe");

    private static ConnectPoint cp(DeviceId d, long port) {
        return ConnectPoint.of(d, PortNumber.of(port));
    }

    private static FlowRule.Builder rule(DeviceId d, int table, int priority, Criterion... criteria) {
        Match.Builder m = Match.builder();
        for (Criterion c : criteria) {
            m.add(c);
        }
        return FlowRule.builder().device(d).table(table).priority(priority).match(m.build()).app(APP);
    }

    private static Action out(long port) {
        return Action.output(PortNumber.of(port));
    }

    private static Criterion in(long port) {
        return Criterion.inPort(PortNumber.of(port));
    }

    // ---- a two-switch tenant data plane, shaped like the pipeline in DESIGN.md ----------------

    /** A tenant endpoint: VPC (also its tag on the wire), MAC, IP, where it attaches. */
    private record Host(int vpc, MacAddress mac, Ip4Address ip, ConnectPoint at) {
        static Host of(int vpc, int n, String ip, ConnectPoint at) {
            return new Host(vpc, MacAddress.of(0x020000000000L + n), Ip4Address.parse(ip), at);
        }
    }

    private static final int VPC_A = 100;
    private static final int VPC_B = 200;
    private static final Host H1 = Host.of(VPC_A, 1, "10.0.1.10", cp(S1, 1));
    private static final Host H2 = Host.of(VPC_A, 2, "10.0.2.20", cp(S2, 1));
    private static final Host H3 = Host.of(VPC_A, 3, "10.0.1.11", cp(S2, 2));
    private static final Host H4 = Host.of(VPC_B, 4, "10.0.1.11", cp(S1, 2));
    private static final List<Host> HOSTS = List.of(H1, H2, H3, H4);
    private static final long UPLINK = 10;

    /**
     * 0 classify (host port: VPC into metadata; uplink: VPC from the tag, pop, skip to l2), 1 port
     * security, 3 routing at the first switch (to H2's subnet in VPC A), 4 l2 (local port, or tag and
     * uplink).
     */
    private static List<FlowRule> tenantRules() {
        List<FlowRule> rules = new ArrayList<>();
        Criterion ip = Criterion.ethType(EthType.IPV4);
        for (DeviceId d : List.of(S1, S2)) {
            for (int vpc : List.of(VPC_A, VPC_B)) {
                rules.add(rule(d, 0, 200, in(UPLINK), Criterion.vlan(VlanId.of(vpc))).apply(new Action.PopVlan())
                        .instruction(new Instruction.WriteMetadata(vpc, 0xfff)).gotoTable(4).build());
            }
            rules.add(rule(d, 3, 100, Criterion.metadata(VPC_A, 0xfff), Criterion.ethDst(GW), ip,
                    Criterion.ipv4Dst(Ip4Prefix.of(H2.ip(), 32))).apply(Action.setEthSrc(GW), Action.setEthDst(H2.mac()),
                    new Action.DecNwTtl()).gotoTable(4).build());
            rules.add(rule(d, 3, 0).gotoTable(4).build());
        }
        for (Host h : HOSTS) {
            DeviceId d = h.at().deviceId();
            long port = h.at().port().value();
            rules.add(rule(d, 0, 100, in(port)).instruction(new Instruction.WriteMetadata(h.vpc(), 0xfff))
                    .gotoTable(1).build());
            rules.add(rule(d, 1, 100, in(port), Criterion.ethSrc(h.mac()), ip,
                    Criterion.ipv4Src(Ip4Prefix.of(h.ip(), 32))).gotoTable(3).build());
            for (DeviceId other : List.of(S1, S2)) {
                Criterion[] key = {Criterion.metadata(h.vpc(), 0xfff), Criterion.ethDst(h.mac())};
                rules.add(other.equals(d) ? rule(other, 4, 100, key).apply(out(port)).build()
                        : rule(other, 4, 100, key).apply(new Action.PushVlan(EthType.VLAN),
                        Action.setVlan(VlanId.of(h.vpc())), out(UPLINK)).build());
            }
        }
        return rules;
    }

    private static SimFabric tenantFabric() {
        SimFabric.Builder b = SimFabric.builder().link(cp(S1, UPLINK), cp(S2, UPLINK)).rules(tenantRules());
        HOSTS.forEach(h -> b.edge(h.at()));
        return b.build();
    }

    private static SimPacket tcp(Host from, MacAddress dstMac, Ip4Address dstIp) {
        return SimPacket.tcp(from.mac(), dstMac, from.ip(), dstIp, 40000, 80);
    }

    @Test
    void sameVpcIsDeliveredAcrossTheLinkUntagged() {
        SimPacket p = tcp(H1, H3.mac(), H3.ip());

        FabricResult r = tenantFabric().send(H1.at(), p);

        assertTrue(r.deliveredOnlyTo(H3.at()), r::toString);
        assertEquals(p, r.packetAt(H3.at()), "headers unchanged, tag popped, pipeline fields cleared");
        assertEquals(List.of(H1.at(), cp(S2, UPLINK)), r.deliveries().get(0).path());
        assertEquals(2, r.hops().size());
    }

    @Test
    void anotherVpcWithTheSameAddressIsNotReached() {
        FabricResult r = tenantFabric().send(H1.at(), tcp(H1, H4.mac(), H4.ip()));

        assertTrue(r.isDropped(), r::toString);
        assertEquals("table miss in table 4", r.drops().get(0).reason());
        assertEquals(S1, r.drops().get(0).device());
    }

    @Test
    void aSpoofedSourceIsDroppedAtTheFirstSwitch() {
        FabricResult r = tenantFabric().send(H1.at(), tcp(H1, H3.mac(), H3.ip()).withIpv4Src(H3.ip()));

        assertTrue(r.isDropped(), r::toString);
        assertEquals("table miss in table 1", r.drops().get(0).reason());
    }

    @Test
    void routingBetweenSubnetsRewritesMacsAndDecrementsTheTtl() {
        FabricResult r = tenantFabric().send(H1.at(), tcp(H1, GW, H2.ip()));

        assertTrue(r.deliveredOnlyTo(H2.at()), r::toString);
        SimPacket got = r.packetAt(H2.at());
        assertEquals(GW, got.ethSrc());
        assertEquals(H2.mac(), got.ethDst());
        assertEquals(63, got.ttl());
        assertEquals(H1.ip(), got.ipv4Src());
    }

    @Test
    void theResultPrintsEveryHop() {
        String text = tenantFabric().send(H1.at(), tcp(H1, GW, H2.ip())).toString();

        assertTrue(text.startsWith("delivered [0000000000000002/1]"), text);
        assertTrue(text.contains("0000000000000001 <- in=1"), text);
        assertTrue(text.contains("0000000000000002 <- in=10"), text);
        assertTrue(text.contains("table 3: prio 100 app 30 cookie 0x1e000000000000 metadata=0x64/0xfff,"
                + "eth_dst=02:00:00:00:00:fe,eth_type=0x800,ipv4_dst=10.0.2.20 -> apply(set:eth_src=02:00:00:00:00:fe,"
                + "set:eth_dst=02:00:00:00:00:02,dec_ttl) goto:4"), text);
    }

    // ---- fabric mechanics --------------------------------------------------------------------

    @Test
    void pipelineFieldsDoNotCrossALink() {
        SimFabric f = SimFabric.builder().edge(cp(S1, 1)).edge(cp(S2, 1)).link(cp(S1, 2), cp(S2, 2))
                .rules(List.of(
                        rule(S1, 0, 1).instruction(new Instruction.WriteMetadata(5, 0xff)).apply(out(2)).build(),
                        rule(S2, 0, 1, Criterion.metadata(0, 0xff)).apply(out(1)).build()))
                .build();

        FabricResult r = f.send(cp(S1, 1), SimPacket.ipv4(MacAddress.of(1), MacAddress.of(2), Ip4Address.of(1),
                Ip4Address.of(2)));

        assertTrue(r.deliveredOnlyTo(cp(S2, 1)), r::toString);
    }

    @Test
    void floodingARingIsALoop() {
        SimFabric.Builder b = SimFabric.builder().link(cp(S1, 2), cp(S2, 3)).link(cp(S2, 2), cp(S3, 3))
                .link(cp(S3, 2), cp(S1, 3));
        List<FlowRule> flood = new ArrayList<>();
        for (DeviceId d : List.of(S1, S2, S3)) {
            b.edge(cp(d, 1));
            flood.add(rule(d, 0, 0).apply(Action.output(PortNumber.FLOOD)).build());
        }

        FabricResult r = b.rules(flood).build().send(cp(S1, 1), SimPacket.arpRequest(MacAddress.of(1),
                Ip4Address.of(1), Ip4Address.of(2)));

        assertTrue(r.hasLoop(), r::toString);
        assertEquals(Set.of(cp(S1, 1), cp(S2, 1), cp(S3, 1)), r.deliveredTo());
        assertFalse(r.deliveredOnlyTo(cp(S2, 1), cp(S3, 1)));
        assertTrue(r.drops().stream().anyMatch(d -> d.reason().startsWith("fabric: loop")), r::toString);
    }

    @Test
    void aPacketThatChangesOnEveryHopStopsAtTheHopLimit() {
        SimFabric f = SimFabric.builder().edge(cp(S1, 1)).link(cp(S1, 2), cp(S2, 2)).hopLimit(5)
                .rules(List.of(rule(S1, 0, 1, in(1)).apply(out(2)).build(),
                        rule(S1, 0, 1, in(2)).apply(new Action.DecNwTtl(), Action.output(PortNumber.IN_PORT)).build(),
                        rule(S2, 0, 1).apply(new Action.DecNwTtl(), Action.output(PortNumber.IN_PORT)).build()))
                .build();

        FabricResult r = f.send(cp(S1, 1), SimPacket.ipv4(MacAddress.of(1), MacAddress.of(2), Ip4Address.of(1),
                Ip4Address.of(2)));

        assertTrue(r.hasLoop());
        assertTrue(r.isDropped());
        assertTrue(r.drops().get(0).reason().startsWith("fabric: more than 5 links crossed"), r::toString);
        assertEquals(6, r.hops().size());
    }

    @Test
    void aCutCableTakesBothEndsDownAndFastFailoverUsesTheOtherPath() {
        GroupDescription ff = new GroupDescription(S1, 1, GroupDescription.Type.FAST_FAILOVER, List.of(
                GroupBucket.failover(PortNumber.of(10), List.of(out(10))),
                GroupBucket.failover(PortNumber.of(11), List.of(out(11)))), APP.id());
        SimFabric.Builder b = SimFabric.builder().edge(cp(S1, 1)).edge(cp(S2, 1))
                .link(cp(S1, 10), cp(S2, 10)).link(cp(S1, 11), cp(S3, 11)).link(cp(S3, 12), cp(S2, 12))
                .groups(List.of(ff))
                .rules(List.of(rule(S1, 0, 1).apply(new Action.Group(1)).build(),
                        rule(S3, 0, 1).apply(out(12)).build(),
                        rule(S2, 0, 1).apply(out(1)).build()));
        SimPacket p = SimPacket.ipv4(MacAddress.of(1), MacAddress.of(2), Ip4Address.of(1), Ip4Address.of(2));

        FabricResult direct = b.build().send(cp(S1, 1), p);
        assertEquals(List.of(cp(S1, 1), cp(S2, 10)), direct.deliveries().get(0).path(), direct::toString);

        FabricResult around = b.down(cp(S2, 10)).build().send(cp(S1, 1), p);
        assertTrue(around.deliveredOnlyTo(cp(S2, 1)), around::toString);
        assertEquals(List.of(cp(S1, 1), cp(S3, 11), cp(S2, 12)), around.deliveries().get(0).path());
    }

    @Test
    void outputToAPortWithNothingAttachedIsADropAndPuntsNameTheirSwitch() {
        SimFabric f = SimFabric.builder().edge(cp(S1, 1)).link(cp(S1, 2), cp(S2, 2))
                .rules(List.of(rule(S1, 0, 1).apply(out(2), out(7)).build(),
                        rule(S2, 0, 1).apply(Action.toController()).build()))
                .build();

        FabricResult r = f.send(cp(S1, 1), SimPacket.ipv4(MacAddress.of(1), MacAddress.of(2), Ip4Address.of(1),
                Ip4Address.of(2)));

        assertFalse(r.isDropped());
        assertEquals(S2, r.punts().get(0).device());
        assertEquals(PortNumber.of(2), r.punts().get(0).packet().inPort(), "a punt keeps the switch's view");
        assertTrue(r.drops().get(0).reason().contains("port 7, which is down or absent"), r::toString);
    }
}
