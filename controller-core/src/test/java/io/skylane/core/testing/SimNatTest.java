package io.skylane.core.testing;

import static io.skylane.core.testing.SimPacketTest.MAC_A;
import static io.skylane.core.testing.SimPacketTest.MAC_B;
import static io.skylane.core.testing.SimSwitchTest.ipv4;
import static io.skylane.core.testing.SimSwitchTest.out;
import static io.skylane.core.testing.SimSwitchTest.rule;
import static io.skylane.core.testing.SimSwitchTest.sw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.PortNumber;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** NAT in {@link SimSwitch}'s conntrack ({@link Conntrack}): Open vSwitch's {@code ct(..,nat..)}. */
class SimNatTest {

    private static final long TRK = Criterion.CT_TRK;
    private static final long NEW = Criterion.CT_NEW;
    private static final long EST = Criterion.CT_EST;
    private static final long RPL = Criterion.CT_RPL;
    private static final long SNAT = Criterion.CT_SNAT;
    private static final long DNAT = Criterion.CT_DNAT;

    static final Ip4Address CLIENT = Ip4Address.parse("10.0.0.11");
    static final Ip4Address CLIENT2 = Ip4Address.parse("10.0.0.12");
    static final Ip4Address VIP = Ip4Address.parse("10.0.0.100");
    static final Ip4Address MEMBER = Ip4Address.parse("10.0.0.21");
    static final Ip4Address MEMBER2 = Ip4Address.parse("10.0.0.22");
    static final int LBZ = 0xF064;
    static final int HZ = 0xE064;

    private static Criterion in(long port) {
        return Criterion.inPort(PortNumber.of(port));
    }

    private static Criterion tcp() {
        return Criterion.ipProto(IpProtocol.TCP);
    }

    private static Criterion dst(Ip4Address a) {
        return Criterion.ipv4Dst(Ip4Prefix.of(a, 32));
    }

    private static SimPacket tcp(Ip4Address src, int srcPort, Ip4Address dst, int dstPort) {
        return SimPacket.tcp(MAC_A, MAC_B, src, dst, srcPort, dstPort);
    }

    private static Action commitNat(int zone, Nat nat, int table) {
        return new Action.Ct(true, zone, OptionalInt.of(table), Optional.of(nat));
    }

    /**
     * A one-switch load balancer: clients on port 1, the member on port 2. Port 1: ct(nat) lookup
     * in LBZ; a new connection to VIP:80 is committed with DNAT to MEMBER:8080; the rest goes to
     * port 2. Port 2: ct(nat) lookup (un-DNAT) then port 1. Port 3: a lookup without nat, to port 1.
     */
    private static SimSwitch loadBalancer(Nat dnat) {
        return sw(
                rule(0, 10, in(1), ipv4(), Criterion.ctState(0, TRK)).apply(Action.ctNat(LBZ, 1)).build(),
                rule(1, 20, in(1), ipv4(), tcp(), dst(VIP), Criterion.ctState(TRK | NEW, 0))
                        .apply(commitNat(LBZ, dnat, 2)).build(),
                rule(1, 10, in(1), ipv4()).apply(out(2)).build(),
                rule(2, 10, ipv4()).apply(out(2)).build(),
                rule(0, 10, in(2), ipv4(), Criterion.ctState(0, TRK)).apply(Action.ctNat(LBZ, 3)).build(),
                rule(0, 10, in(3), ipv4(), Criterion.ctState(0, TRK)).apply(Action.ct(LBZ, 3)).build(),
                rule(3, 10, ipv4()).apply(out(1)).build());
    }

    @Test
    void dnatCommitsTheTranslationAndTheReplyIsRecognisedByTheTranslatedTupleAndUnDnated() {
        SimSwitch s = loadBalancer(Nat.dst(MEMBER, 8080));

        SimResult syn = s.process(1, tcp(CLIENT, 40000, VIP, 80));
        SimPacket toMember = syn.packetOn(2);
        assertEquals(tcp(CLIENT, 40000, MEMBER, 8080), toMember.onWire(), syn::toString);
        assertEquals(TRK | NEW | DNAT, toMember.ctState(), syn::toString);
        assertEquals(LBZ, toMember.ctZone());
        assertEquals(1, s.connections(LBZ));

        SimResult reply = s.process(2, tcp(MEMBER, 8080, CLIENT, 40000));
        SimPacket toClient = reply.packetOn(1);
        assertEquals(tcp(VIP, 80, CLIENT, 40000), toClient.onWire(), "un-DNAT: the source is the VIP again\n" + reply);
        assertEquals(TRK | EST | RPL | SNAT, toClient.ctState(), "OVS reports the un-DNAT as +snat\n" + reply);
        assertEquals(LBZ, toClient.ctZone());

        SimResult ack = s.process(1, tcp(CLIENT, 40000, VIP, 80));
        assertEquals(tcp(CLIENT, 40000, MEMBER, 8080), ack.packetOn(2).onWire(), "the stored DNAT\n" + ack);
        assertEquals(TRK | EST | DNAT, ack.packetOn(2).ctState(), ack::toString);
        assertEquals(1, s.connections(LBZ));
    }

    @Test
    void withoutNatInTheActionAReplyIsTrackedButNotTranslated() {
        SimSwitch s = loadBalancer(Nat.dst(MEMBER, 8080));
        s.process(1, tcp(CLIENT, 40000, VIP, 80));

        SimResult r = s.process(3, tcp(MEMBER, 8080, CLIENT, 40000));

        assertEquals(tcp(MEMBER, 8080, CLIENT, 40000), r.packetOn(1).onWire(), r::toString);
        assertEquals(TRK | EST | RPL, r.packetOn(1).ctState());
    }

    @Test
    void natOnAPacketOfNoConnectionIsOnlyALookup() {
        SimSwitch s = loadBalancer(Nat.dst(MEMBER, 8080));

        SimResult r = s.process(2, tcp(MEMBER, 8080, CLIENT, 40000));

        assertEquals(tcp(MEMBER, 8080, CLIENT, 40000), r.packetOn(1).onWire(), r::toString);
        assertEquals(TRK | NEW, r.packetOn(1).ctState());
        assertEquals(0, s.connections());
    }

    @Test
    void aDnatWithoutPortKeepsTheDestinationPortAndARangeTakesItsFirstAddressAndPort() {
        SimResult keep = loadBalancer(Nat.dst(MEMBER, 0)).process(1, tcp(CLIENT, 1, VIP, 80));
        assertEquals(tcp(CLIENT, 1, MEMBER, 80), keep.packetOn(2).onWire(), keep::toString);

        Nat range = new Nat(Nat.Type.DST, MEMBER, MEMBER2, 8080, 8090);
        SimResult first = loadBalancer(range).process(1, tcp(CLIENT, 1, VIP, 80));
        assertEquals(tcp(CLIENT, 1, MEMBER, 8080), first.packetOn(2).onWire(), first::toString);
    }

    @Test
    void aTranslatedPacketTrackedAgainInItsZoneKeepsItsConnectionAndIsNotTranslatedTwice() {
        SimSwitch s = sw(rule(0, 10, in(1), ipv4(), Criterion.ctState(0, TRK)).apply(Action.ctNat(LBZ, 1)).build(),
                rule(1, 10, in(1), ipv4(), tcp(), Criterion.metadata(0, 1))
                        .apply(commitNat(LBZ, Nat.dst(MEMBER, 8080), 2)).build(),
                rule(1, 10, in(1), ipv4(), tcp(), Criterion.metadata(1, 1))
                        .apply(commitNat(LBZ, Nat.dst(MEMBER2, 8080), 2)).build(),
                rule(2, 10, ipv4()).apply(out(2)).build());
        s.process(1, tcp(CLIENT, 40000, VIP, 80));

        SimResult retransmitted = s.process(tcp(CLIENT, 40000, VIP, 80).withMetadata(1).at(1));

        assertEquals(MEMBER, retransmitted.packetOn(2).ipv4Dst(),
                "the SYN again: translated by ct(nat), then the commit finds its connection\n" + retransmitted);
        assertEquals(TRK | NEW | DNAT, retransmitted.packetOn(2).ctState());
        assertEquals(1, s.connections(LBZ));
    }

    @Test
    void withoutATableTheRestOfThePassSeesTheTranslatedPacketUntracked() {
        SimSwitch s = sw(rule(0, 10, ipv4(), tcp())
                .apply(new Action.Ct(true, LBZ, OptionalInt.empty(), Optional.of(Nat.dst(MEMBER, 8080))), out(2))
                .build());

        SimResult r = s.process(1, tcp(CLIENT, 40000, VIP, 80));

        assertEquals(tcp(CLIENT, 40000, MEMBER, 8080).at(1), r.packetOn(2), r::toString);
        assertEquals(0, r.packetOn(2).ctState());
    }

    /** Hairpin SNAT to VIP:1024-65279 in HZ on port 1, to port 2; replies on port 2 are un-SNATed to port 1. */
    private static SimSwitch hairpin(Nat snat) {
        return sw(rule(0, 10, in(1), ipv4(), tcp()).apply(commitNat(HZ, snat, 1)).build(),
                rule(1, 10, ipv4()).apply(out(2)).build(),
                rule(0, 10, in(2), ipv4(), Criterion.ctState(0, TRK)).apply(Action.ctNat(HZ, 2)).build(),
                rule(2, 10, ipv4()).apply(out(1)).build());
    }

    @Test
    void snatKeepsAFreeSourcePortInTheRangeElseTakesTheLowestFreeSoConnectionsNeverCollide() {
        SimSwitch s = hairpin(Nat.src(VIP, 1024, 65279));

        SimResult kept = s.process(1, tcp(MEMBER, 40000, MEMBER, 8080));
        assertEquals(tcp(VIP, 40000, MEMBER, 8080), kept.packetOn(2).onWire(), kept::toString);
        assertEquals(TRK | NEW | SNAT, kept.packetOn(2).ctState());

        SimResult clash = s.process(1, tcp(MEMBER2, 40000, MEMBER, 8080));
        assertEquals(tcp(VIP, 1024, MEMBER, 8080), clash.packetOn(2).onWire(), "40000 is taken\n" + clash);

        SimResult outOfRange = s.process(1, tcp(MEMBER, 80, MEMBER, 8080));
        assertEquals(tcp(VIP, 1025, MEMBER, 8080), outOfRange.packetOn(2).onWire(), outOfRange::toString);
        assertEquals(3, s.connections(HZ));

        SimResult reply = s.process(2, tcp(MEMBER, 8080, VIP, 1024));
        assertEquals(tcp(MEMBER, 8080, MEMBER2, 40000), reply.packetOn(1).onWire(), "un-SNAT\n" + reply);
        assertEquals(TRK | EST | RPL | DNAT, reply.packetOn(1).ctState(), "OVS reports the un-SNAT as +dnat");

        SimResult again = s.process(1, tcp(MEMBER2, 40000, MEMBER, 8080));
        assertEquals(tcp(VIP, 1024, MEMBER, 8080), again.packetOn(2).onWire(), "the stored SNAT\n" + again);
        assertEquals(TRK | EST | SNAT, again.packetOn(2).ctState());
    }

    @Test
    void snatWithoutPortsKeepsTheSourcePortUnlessItIsTaken() {
        SimSwitch s = hairpin(Nat.src(VIP));

        assertEquals(tcp(VIP, 80, MEMBER, 8080), s.process(1, tcp(MEMBER, 80, MEMBER, 8080)).packetOn(2).onWire());
        assertEquals(tcp(VIP, 1024, MEMBER, 8080), s.process(1, tcp(MEMBER2, 80, MEMBER, 8080)).packetOn(2).onWire());
    }

    @Test
    void aFullPortRangeAndATakenDnatReplyTupleAreTestErrors() {
        SimSwitch s = hairpin(Nat.src(VIP, 2000, 2000));
        s.process(1, tcp(MEMBER, 2000, MEMBER, 8080));
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> s.process(1, tcp(MEMBER2, 2000, MEMBER, 8080)));
        assertTrue(full.getMessage().contains("no free port"), full.getMessage());

        SimSwitch lb = sw(rule(0, 10, in(1), ipv4(), tcp(), dst(VIP)).apply(commitNat(LBZ, Nat.dst(MEMBER, 8080), 1))
                        .build(),
                rule(0, 10, in(1), ipv4(), tcp(), dst(MEMBER)).apply(new Action.Ct(true, LBZ, OptionalInt.of(1))).build(),
                rule(1, 10, ipv4()).apply(out(2)).build());
        lb.process(1, tcp(CLIENT, 40000, VIP, 80));
        IllegalStateException taken = assertThrows(IllegalStateException.class,
                () -> lb.process(1, tcp(CLIENT, 40000, MEMBER, 8080)));
        assertTrue(taken.getMessage().contains("reply tuple is taken"), taken.getMessage());
    }

    @Test
    void aTranslationBelongsToItsZone() {
        SimSwitch s = sw(rule(0, 10, in(1), ipv4(), tcp()).apply(commitNat(LBZ, Nat.dst(MEMBER, 8080), 1)).build(),
                rule(0, 10, in(2), ipv4(), tcp()).apply(Action.ctNat(LBZ + 1, 1)).build(),
                rule(1, 10, ipv4()).apply(out(3)).build());
        assertEquals(MEMBER, s.process(1, tcp(CLIENT, 40000, VIP, 80)).packetOn(3).ipv4Dst());

        SimResult otherZone = s.process(2, tcp(CLIENT, 40000, VIP, 80));

        assertEquals(tcp(CLIENT, 40000, VIP, 80), otherZone.packetOn(3).onWire(), otherZone::toString);
        assertEquals(TRK | NEW, otherZone.packetOn(3).ctState());
        assertEquals(LBZ + 1, otherZone.packetOn(3).ctZone());
        assertEquals(1, s.connections(LBZ));
        assertEquals(0, s.connections(LBZ + 1), "a lookup with nat commits nothing");
        assertEquals("+trk+rpl+est+snat", SimPacket.ctStateText(TRK | EST | RPL | SNAT));
    }

    @Test
    void anIcmpErrorOfTheMemberIsUnDnatedWithItsEmbeddedHeader() {
        SimSwitch s = sw(rule(0, 10, in(1), ipv4(), Criterion.ctState(0, TRK)).apply(Action.ctNat(LBZ, 1)).build(),
                rule(1, 20, in(1), ipv4(), Criterion.ipProto(IpProtocol.UDP), dst(VIP), Criterion.ctState(TRK | NEW, 0))
                        .apply(commitNat(LBZ, Nat.dst(MEMBER, 8080), 2)).build(),
                rule(2, 10, ipv4()).apply(out(2)).build(),
                rule(0, 10, in(2), ipv4(), Criterion.ctState(0, TRK)).apply(Action.ctNat(LBZ, 3)).build(),
                rule(3, 10, ipv4()).apply(out(1)).build());
        SimPacket toMember = s.process(1, SimPacket.udp(MAC_A, MAC_B, CLIENT, VIP, 5000, 53)).packetOn(2).onWire();
        assertEquals(SimPacket.udp(MAC_A, MAC_B, CLIENT, MEMBER, 5000, 8080), toMember);

        SimResult r = s.process(2, SimPacket.icmpError(MAC_B, MAC_A, MEMBER, CLIENT, 3, 3, toMember));

        SimPacket toClient = r.packetOn(1);
        assertEquals(VIP, toClient.ipv4Src(), "the error comes from the VIP\n" + r);
        assertEquals(CLIENT, toClient.ipv4Dst());
        assertEquals(EmbeddedHeader.of(SimPacket.udp(MAC_A, MAC_B, CLIENT, VIP, 5000, 53)), toClient.embedded().get(),
                "and is about what the client sent");
        assertEquals(Criterion.CT_TRK | Criterion.CT_REL | RPL | SNAT, toClient.ctState());
    }
}
