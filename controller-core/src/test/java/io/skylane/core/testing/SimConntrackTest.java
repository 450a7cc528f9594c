package io.skylane.core.testing;

import static io.skylane.core.testing.SimPacketTest.IP_A;
import static io.skylane.core.testing.SimPacketTest.IP_B;
import static io.skylane.core.testing.SimPacketTest.MAC_A;
import static io.skylane.core.testing.SimPacketTest.MAC_B;
import static io.skylane.core.testing.SimSwitchTest.ipv4;
import static io.skylane.core.testing.SimSwitchTest.out;
import static io.skylane.core.testing.SimSwitchTest.rule;
import static io.skylane.core.testing.SimSwitchTest.sw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.PortNumber;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connection tracking in {@link SimSwitch}: Open vSwitch's ct action, lookup, commit, recirculation. */
class SimConntrackTest {

    private static final long TRK = Criterion.CT_TRK;
    private static final long NEW = Criterion.CT_NEW;
    private static final long EST = Criterion.CT_EST;
    private static final long RPL = Criterion.CT_RPL;
    private static final long REL = Criterion.CT_REL;
    private static final long INV = Criterion.CT_INV;

    private static Criterion in(long port) {
        return Criterion.inPort(PortNumber.of(port));
    }

    private static SimPacket aToB(int srcPort, int dstPort) {
        return SimPacket.tcp(MAC_A, MAC_B, IP_A, IP_B, srcPort, dstPort);
    }

    private static SimPacket bToA(int srcPort, int dstPort) {
        return SimPacket.tcp(MAC_B, MAC_A, IP_B, IP_A, srcPort, dstPort);
    }

    /**
     * A stateful firewall between ports 1 (inside) and 2 (outside), zone 5: untracked IP into
     * conntrack; established passes both ways; new connections only from inside, committed.
     */
    private static SimSwitch firewall() {
        return sw(
                rule(0, 10, ipv4(), Criterion.ctState(0, TRK)).apply(Action.ct(5, 1)).build(),
                rule(1, 30, in(1), ipv4(), Criterion.ctState(TRK | EST, 0)).apply(out(2)).build(),
                rule(1, 30, in(2), ipv4(), Criterion.ctState(TRK | EST, 0)).apply(out(1)).build(),
                rule(1, 20, in(1), ipv4(), Criterion.ctState(TRK | NEW, 0)).apply(Action.ctCommit(5), out(2)).build());
    }

    @Test
    void newThenCommittedThenTheReplyIsEstablishedInTheReplyDirection() {
        SimSwitch s = firewall();

        SimResult first = s.process(1, aToB(1234, 80));
        assertEquals(20, first.rulesHit().get(1).priority(), "+trk+new: the commit rule\n" + first);
        assertEquals(0, first.packetOn(2).ctState(), "after ct(commit) the pass goes on untracked, as in OVS");
        assertEquals(List.of(0, 1), first.tables(), "one recirculation to table 1");
        assertTrue(first.drops().isEmpty(), "the pass that recirculated is not a drop\n" + first);
        assertEquals(1, s.connections(5));

        SimResult again = s.process(1, aToB(1234, 80));
        assertEquals(20, again.rulesHit().get(1).priority(), "no reply seen yet: still new (kernel conntrack)\n" + again);
        assertEquals(1, s.connections(5), "committing again adds nothing");

        SimResult reply = s.process(2, bToA(80, 1234));
        assertEquals(TRK | EST | RPL, reply.packetOn(1).ctState(), reply::toString);

        SimResult after = s.process(1, aToB(1234, 80));
        assertEquals(TRK | EST, after.packetOn(2).ctState(), "reply seen: established\n" + after);

        SimResult otherConnection = s.process(2, bToA(80, 1235));
        assertTrue(otherConnection.isDropped(), "new from outside: no rule\n" + otherConnection);
        assertEquals("table miss in table 1", otherConnection.drops().get(0).reason());
        assertEquals(1, otherConnection.drops().size(), otherConnection::toString);
    }

    @Test
    void uncommittedConnectionsStayNew() {
        SimSwitch s = sw(rule(0, 10, ipv4()).apply(Action.ct(7, 1)).build(),
                rule(1, 10, ipv4()).apply(out(4)).build());

        for (SimPacket p : List.of(aToB(1, 2), aToB(1, 2), bToA(2, 1))) {
            SimResult r = s.process(1, p);
            assertEquals(TRK | NEW, r.packetOn(4).ctState(), r::toString);
            assertEquals(7, r.packetOn(4).ctZone());
        }
        assertEquals(0, s.connections());
    }

    @Test
    void zonesAreSeparate() {
        SimSwitch s = sw(
                rule(0, 10, in(1), ipv4()).apply(Action.ct(1, 1)).build(),
                rule(0, 10, in(2), ipv4()).apply(Action.ct(2, 1)).build(),
                rule(0, 10, in(3), ipv4()).apply(Action.ct(1, 1)).build(),
                rule(1, 20, in(1), ipv4(), Criterion.ctState(TRK | NEW, 0)).apply(Action.ctCommit(1), out(4)).build(),
                rule(1, 10, ipv4(), Criterion.ctZone(2)).apply(out(3)).build(),
                rule(1, 5, ipv4()).apply(out(4)).build());

        s.process(1, aToB(1000, 53));
        assertEquals(1, s.connections(1));
        assertEquals(0, s.connections(2));

        SimResult zone2 = s.process(2, bToA(53, 1000));
        assertEquals(TRK | NEW, zone2.packetOn(3).ctState(), "the connection is in zone 1 only\n" + zone2);
        assertEquals(2, zone2.packetOn(3).ctZone(), "ct_zone matches");

        SimResult zone1 = s.process(3, bToA(53, 1000));
        assertEquals(TRK | EST | RPL, zone1.packetOn(4).ctState(), zone1::toString);
        assertEquals(1, zone1.packetOn(4).ctZone());

        s.flushConntrack();
        assertEquals(0, s.connections());
    }

    @Test
    void icmpEchoRequestAndReplyAreOneConnectionAndUdpPortsCount() {
        SimSwitch s = sw(rule(0, 10, ipv4(), Criterion.ctState(0, TRK)).apply(Action.ct(9, 1)).build(),
                rule(1, 10, in(1), ipv4()).apply(Action.ctCommit(9), out(2)).build(),
                rule(1, 10, in(2), ipv4()).apply(out(1)).build());

        s.process(1, SimPacket.icmpEcho(MAC_A, MAC_B, IP_A, IP_B));
        SimPacket echoReply = SimPacket.icmpEcho(MAC_B, MAC_A, IP_B, IP_A).with(Criterion.Type.ICMPV4_TYPE, 0);
        assertEquals(TRK | EST | RPL, s.process(2, echoReply).packetOn(1).ctState());

        s.process(1, SimPacket.udp(MAC_A, MAC_B, IP_A, IP_B, 5000, 53));
        assertEquals(TRK | EST | RPL, s.process(2, SimPacket.udp(MAC_B, MAC_A, IP_B, IP_A, 53, 5000)).packetOn(1)
                .ctState());
        assertEquals(TRK | NEW, s.process(2, SimPacket.udp(MAC_B, MAC_A, IP_B, IP_A, 53, 5001)).packetOn(1)
                .ctState(), "another port: another connection");
        assertEquals(2, s.connections(9));
    }

    @Test
    void theCurrentPassGoesOnUntrackedAndCtFieldsDoNotCrossTheWire() {
        SimSwitch s = sw(rule(0, 10, ipv4()).apply(Action.ct(3, 1), out(3)).build(),
                rule(1, 10, ipv4()).apply(out(4)).build());

        SimResult r = s.process(1, aToB(1, 2));
        assertEquals(0, r.packetOn(3).ctState(), "after ct the current pass sees an untracked packet");
        assertEquals(0, r.packetOn(3).ctZone());
        assertEquals(TRK | NEW, r.packetOn(4).ctState());
        assertEquals(List.of(PortNumber.of(3), PortNumber.of(4)), List.copyOf(r.outPorts()), "recirculation comes after");
        SimPacket wire = r.packetOn(4).onWire();
        assertEquals(0, wire.ctState());
        assertEquals(aToB(1, 2), wire);
        assertTrue(aToB(1, 2).has(Criterion.Type.CT_STATE), "IPv4 packets have ct_state (0: untracked)");
        assertTrue(!SimPacket.arpRequest(MAC_A, IP_A, IP_B).has(Criterion.Type.CT_STATE), "not modelled for ARP");
        assertTrue(r.packetOn(4).toString().contains("ct_state=+trk+new ct_zone=3"), r.packetOn(4).toString());
    }

    @Test
    void recirculationIsBounded() {
        FlowRule loop = rule(0, 10, ipv4()).apply(Action.ct(1, 0)).build();
        SimSwitch s = sw(loop);

        SimResult r = s.process(1, aToB(1, 2));
        assertTrue(r.isDropped(), r::toString);
        assertEquals(SimSwitch.MAX_RECIRCULATIONS + 1, r.tables().size(), "the first pass and 8 recirculations");
        assertEquals(1, r.drops().size(), r::toString);
        assertTrue(r.drops().get(0).reason().contains("recirculated 8 times"), r.drops().get(0).reason());
    }

    /** Zone 5: new connections from port 1 are committed; related packets pass both ways; the rest goes to port 4. */
    private static SimSwitch relatedFirewall() {
        return sw(rule(0, 10, ipv4(), Criterion.ctState(0, TRK)).apply(Action.ct(5, 1)).build(),
                rule(1, 20, in(1), ipv4(), Criterion.ctState(TRK | NEW, 0)).apply(Action.ctCommit(5), out(2)).build(),
                rule(1, 30, in(1), ipv4(), Criterion.ctState(TRK | REL, 0)).apply(out(2)).build(),
                rule(1, 30, in(2), ipv4(), Criterion.ctState(TRK | REL, 0)).apply(out(1)).build(),
                rule(1, 10, ipv4()).apply(out(4), Action.ctCommit(5)).build());
    }

    @Test
    void anIcmpErrorEmbeddingAConnectionsPacketIsRelatedInItsDirection() {
        SimSwitch s = relatedFirewall();
        SimPacket request = SimPacket.udp(MAC_A, MAC_B, IP_A, IP_B, 5000, 53);
        s.process(1, request);

        SimPacket unreachable = SimPacket.icmpError(MAC_B, MAC_A, IP_B, IP_A, 3, 3, request);
        assertEquals(TRK | REL | RPL, s.process(2, unreachable).packetOn(1).ctState());
        SimPacket fromARouter = SimPacket.icmpError(MAC_B, MAC_A, Ip4Address.parse("10.0.0.254"), IP_A, 11, 0, request);
        assertEquals(TRK | REL | RPL, s.process(2, fromARouter).packetOn(1).ctState(), "the outer addresses do not count");
        SimPacket aboutTheReply = SimPacket.icmpError(MAC_A, MAC_B, IP_A, IP_B, 3, 3,
                SimPacket.udp(MAC_B, MAC_A, IP_B, IP_A, 53, 5000));
        assertEquals(TRK | REL, s.process(1, aboutTheReply).packetOn(2).ctState(), "original direction");

        SimPacket otherPort = SimPacket.icmpError(MAC_B, MAC_A, IP_B, IP_A, 3, 3, request.with(Criterion.Type.UDP_SRC, 5001));
        SimResult unknown = s.process(2, otherPort);
        assertEquals(TRK | INV, unknown.packetOn(4).ctState(), "an error of no connection is invalid\n" + unknown);
        assertEquals(1, s.connections(5), "a related or invalid packet commits nothing");
        assertEquals(TRK | NEW, s.process(2, SimPacket.icmpEcho(MAC_B, MAC_A, IP_B, IP_A).with(Criterion.Type.ICMPV4_TYPE, 3))
                .packetOn(4).ctState(), "an ICMP error without an embedded header is plain ICMP");
        assertNotEquals(unreachable, unreachable.withEmbedded(EmbeddedHeader.of(otherPort)), "the header counts");
        assertTrue(unreachable.toString().contains("icmp 3/3 [10.0.0.1:5000>10.0.0.2:53 proto=17]"), unreachable::toString);
    }
}
