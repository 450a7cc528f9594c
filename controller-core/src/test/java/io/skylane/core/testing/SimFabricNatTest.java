package io.skylane.core.testing;

import static io.skylane.core.testing.SimPacketTest.MAC_A;
import static io.skylane.core.testing.SimPacketTest.MAC_B;
import static io.skylane.core.testing.SimSwitchTest.APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.PortNumber;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A load balancer's DNAT across two switches, with the rules of docs/load-balancer-design.md §2
 * written by hand (and cut down): the client on A:1 sends to VIP:80; A DNATs in LBZ and sends to B,
 * where the member is (B:2); the member's reply reaches A from the fabric untracked and is un-DNATed
 * in table 6 before it is delivered to the client.
 */
class SimFabricNatTest {

    private static final DeviceId A = DeviceId.of(0xa);
    private static final DeviceId B = DeviceId.of(0xb);
    private static final ConnectPoint CLIENT_PORT = ConnectPoint.of(A, PortNumber.of(1));
    private static final ConnectPoint MEMBER_PORT = ConnectPoint.of(B, PortNumber.of(2));
    private static final Ip4Address CLIENT = Ip4Address.parse("10.0.0.11");
    private static final Ip4Address VIP = Ip4Address.parse("10.0.0.100");
    private static final Ip4Address MEMBER = Ip4Address.parse("10.0.0.21");
    private static final int LBZ = 0xF064;
    private static final long TRK = Criterion.CT_TRK;

    private static FlowRule.Builder rule(DeviceId d, int table, int priority, Criterion... criteria) {
        Match.Builder m = Match.builder().add(Criterion.ethType(EthType.IPV4));
        for (Criterion c : criteria) {
            m.add(c);
        }
        return FlowRule.builder().device(d).table(table).priority(priority).match(m.build()).app(APP);
    }

    private static Criterion in(long port) {
        return Criterion.inPort(PortNumber.of(port));
    }

    private static Criterion tcp() {
        return Criterion.ipProto(IpProtocol.TCP);
    }

    private static Criterion src(Ip4Address a) {
        return Criterion.ipv4Src(Ip4Prefix.of(a, 32));
    }

    private static Criterion dst(Ip4Address a) {
        return Criterion.ipv4Dst(Ip4Prefix.of(a, 32));
    }

    private static Action out(long port) {
        return Action.output(PortNumber.of(port));
    }

    private static SimPacket tcp(Ip4Address s, int sp, Ip4Address d, int dp) {
        return SimPacket.tcp(MAC_A, MAC_B, s, d, sp, dp);
    }

    private static SimFabric fabric() {
        return SimFabric.builder().link(ConnectPoint.of(A, PortNumber.of(10)), ConnectPoint.of(B, PortNumber.of(10)))
                .edge(CLIENT_PORT).edge(MEMBER_PORT).rules(rules()).build();
    }

    private static List<FlowRule> rules() {
        return List.of(
                rule(A, 0, 10, in(1)).gotoTable(4).build(),
                rule(A, 0, 10, in(10)).gotoTable(6).build(),
                rule(A, 0, 4000, Criterion.inPort(PortNumber.CONTROLLER), src(VIP)).gotoTable(4).build(),
                rule(A, 4, 4100, tcp(), dst(VIP), Criterion.exact(Type.TCP_DST, 80)).apply(Action.ctNat(LBZ, 4)).build(),
                rule(A, 4, 4500, tcp(), dst(VIP), Criterion.exact(Type.TCP_DST, 80), Criterion.ctZone(LBZ),
                        Criterion.ctState(TRK | Criterion.CT_NEW, Criterion.CT_INV))
                        .apply(new Action.Ct(true, LBZ, OptionalInt.of(4), Optional.of(Nat.dst(MEMBER, 8080)))).build(),
                rule(A, 4, 4400, dst(VIP), Criterion.ctZone(LBZ)).build(),
                rule(A, 4, 3300, dst(MEMBER)).apply(out(10)).build(),
                rule(A, 6, 4500, tcp(), src(MEMBER), Criterion.exact(Type.TCP_SRC, 8080), Criterion.ctState(0, TRK))
                        .apply(Action.ctNat(LBZ, 6)).build(),
                rule(A, 6, 3200, dst(CLIENT)).apply(out(1)).build(),
                rule(B, 0, 10, in(10)).apply(out(2)).build(),
                rule(B, 0, 10, in(2)).apply(out(10)).build());
    }

    @Test
    void theClientReachesTheMemberThroughTheVipAndTheReplyComesBackFromTheVip() {
        SimFabric f = fabric();

        FabricResult syn = f.send(CLIENT_PORT, tcp(CLIENT, 40000, VIP, 80));
        assertTrue(syn.deliveredOnlyTo(MEMBER_PORT), syn::toString);
        assertEquals(tcp(CLIENT, 40000, MEMBER, 8080), syn.packetAt(MEMBER_PORT), "the member sees the client");
        assertEquals(1, f.device(A).connections(LBZ));
        assertEquals(0, f.device(B).connections());

        FabricResult synAck = f.send(MEMBER_PORT, tcp(MEMBER, 8080, CLIENT, 40000));
        assertTrue(synAck.deliveredOnlyTo(CLIENT_PORT), synAck::toString);
        assertEquals(tcp(VIP, 80, CLIENT, 40000), synAck.packetAt(CLIENT_PORT), synAck::toString);
        assertTrue(synAck.toString().contains("ct(zone=" + LBZ + ",nat,table=6): +trk+rpl+est+snat"),
                synAck::toString);

        FabricResult ack = f.send(CLIENT_PORT, tcp(CLIENT, 40000, VIP, 80));
        assertEquals(tcp(CLIENT, 40000, MEMBER, 8080), ack.packetAt(MEMBER_PORT), ack::toString);
        assertEquals(1, f.device(A).connections(LBZ));
    }

    @Test
    void aVipPortWithoutListenerIsDroppedAndAPacketOutFromTheVipEntersTable0() {
        SimFabric f = fabric();

        FabricResult guarded = f.send(CLIENT_PORT, tcp(CLIENT, 40000, VIP, 81));
        assertTrue(guarded.isDropped(), guarded::toString);

        FabricResult probe = f.packetOut(A, tcp(VIP, 65300, MEMBER, 8080));
        assertTrue(probe.deliveredOnlyTo(MEMBER_PORT), probe::toString);
        assertEquals(List.of(ConnectPoint.of(A, PortNumber.CONTROLLER), ConnectPoint.of(B, PortNumber.of(10))),
                probe.deliveries().get(0).path());
        assertEquals(tcp(VIP, 65300, MEMBER, 8080), probe.packetAt(MEMBER_PORT));
    }

    @Test
    void newRulesKeepTheSwitchesConnections() {
        SimFabric f = fabric();
        assertTrue(f.send(CLIENT_PORT, tcp(CLIENT, 40000, VIP, 80)).deliveredOnlyTo(MEMBER_PORT));
        // The selection rule goes (no member left); the connection's DNAT stays in A's conntrack.
        SimFabric g = f.withRules(rules().stream().filter(r -> r.tableId() != 4 || r.priority() != 4500).toList());
        assertEquals(1, g.device(A).connections(LBZ));

        FabricResult synAck = g.send(MEMBER_PORT, tcp(MEMBER, 8080, CLIENT, 40000));
        assertEquals(tcp(VIP, 80, CLIENT, 40000), synAck.packetAt(CLIENT_PORT), synAck::toString);
        FabricResult ack = g.send(CLIENT_PORT, tcp(CLIENT, 40000, VIP, 80));
        assertEquals(tcp(CLIENT, 40000, MEMBER, 8080), ack.packetAt(MEMBER_PORT), ack::toString);
        FabricResult fresh = g.send(CLIENT_PORT, tcp(CLIENT, 40001, VIP, 80));
        assertTrue(fresh.isDropped(), "a new connection finds no selection rule\n" + fresh);

        g.flushConntrack();
        assertEquals(0, f.device(A).connections(), "the two fabrics share the table");
    }
}
