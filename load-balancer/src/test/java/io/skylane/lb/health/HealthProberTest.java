package io.skylane.lb.health;

import static io.skylane.lb.health.ProberFixture.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.testing.TestPackets;
import io.skylane.lb.frames.Ip4Frames;
import io.skylane.lb.frames.Ip4Packet;
import io.skylane.vpc.model.HealthMonitor.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each kind of answer (and silence) does to a member's verdict, and which answers count. */
class HealthProberTest {

    private final ProberFixture f = new ProberFixture();
    private final HealthProber prober = f.prober;
    private static final Duration DELAY = Duration.ofSeconds(5);

    /** The next probe, sent within one delay. */
    private OutboundPacket nextProbe() {
        List<OutboundPacket> out = f.advanceUntilSent(DELAY.plusMillis(10));
        assertEquals(1, out.size(), "one probe");
        return out.get(0);
    }

    @Test
    void aTcpProbeIsASynFromTheVipAndASynAckGetsARst() {
        ProbeTarget t = target(21, 2, Type.TCP);
        prober.setTargets(List.of(t), Map.of());
        OutboundPacket syn = nextProbe();
        assertEquals(DeviceId.of(2), syn.deviceId(), "at the member's switch");
        Ip4Packet p = FakeMembers.probe(syn);
        assertEquals(ProberFixture.VIP, p.source());
        assertEquals(t.member(), p.destination());
        assertEquals(ProberFixture.ROUTER, p.ethSource());
        assertEquals(t.memberMac(), p.ethDestination());
        assertTrue(p.l4u16(0) >= 0xff00, "from a probe port");
        assertEquals(8080, p.l4u16(2));
        assertEquals(Ip4Frames.SYN, p.l4u8(13));

        int before = f.sent.size();
        assertTrue(prober.onPacket(TestPackets.packetIn(DeviceId.of(2), 7, FakeMembers.synAck(syn))));
        OutboundPacket rst = f.taken(before).get(0);
        Ip4Packet r = FakeMembers.probe(rst);
        assertEquals(Ip4Frames.RST, r.l4u8(13));
        assertEquals((FakeMembers.isn(syn) + 1) & 0xffffffffL, r.l4u32(4), "seq = ISN + 1");
        assertEquals(p.l4u16(0), r.l4u16(0));
        assertEquals(DeviceId.of(2), rst.deviceId());
        assertTrue(prober.isUp(t.memberId()));
        assertEquals(1L, prober.counters().get("answers"));
        assertEquals(1L, prober.counters().get("resetsSent"));
        assertEquals(1L, prober.counters().get("successes"));
        assertTrue(f.transitions.isEmpty());
    }

    @Test
    void silenceTakesATcpMemberDownAfterMaxRetriesDownProbes() {
        prober.setTargets(List.of(target(21, 2, Type.TCP)), Map.of());
        nextProbe();
        nextProbe();
        nextProbe();
        assertTrue(prober.isUp(ProberFixture.id(21)), "two timeouts so far");
        f.advance(Duration.ofSeconds(2));
        assertFalse(prober.isUp(ProberFixture.id(21)), "the third timed out");
        assertEquals(1, f.transitions.size());
        HealthTransition h = f.transitions.get(0);
        assertEquals(ProberFixture.id(21), h.memberId());
        assertEquals(ProberFixture.id(100_000), h.poolId());
        assertFalse(h.up());
        assertEquals("3 probes in a row failed, last: no answer within 2 s", h.reason());
        assertEquals(f.clock.instant(), h.at());
        assertEquals(3L, prober.counters().get("timeouts"));
        assertEquals(1L, prober.counters().get("transitionsDown"));
    }

    @Test
    void rstTakesAMemberDownAndSynAcksBringItBack() {
        prober.setTargets(List.of(target(21, 2, Type.TCP)), Map.of());
        for (int i = 0; i < 3; i++) {
            assertTrue(prober.onPacket(DeviceId.of(2), FakeMembers.rstAck(nextProbe())));
        }
        assertFalse(prober.isUp(ProberFixture.id(21)));
        assertEquals("3 probes in a row failed, last: connection refused (TCP RST)", f.transitions.get(0).reason());
        assertTrue(prober.onPacket(DeviceId.of(2), FakeMembers.synAck(nextProbe())));
        assertFalse(prober.isUp(ProberFixture.id(21)), "up after 2 successes, 1 so far");
        assertTrue(prober.onPacket(DeviceId.of(2), FakeMembers.synAck(nextProbe())));
        assertTrue(prober.isUp(ProberFixture.id(21)));
        assertEquals(2, f.transitions.size());
        assertTrue(f.transitions.get(1).up());
        assertEquals("2 probes in a row succeeded, last: SYN/ACK", f.transitions.get(1).reason());
        assertEquals(Map.of(ProberFixture.id(21), true), prober.verdicts());
    }

    @Test
    void anIcmpUnreachableAboutTheSynIsAFailure() {
        prober.setTargets(List.of(new ProbeTarget(ProberFixture.id(21), ProberFixture.id(9), DeviceId.of(2),
                ProberFixture.ROUTER, target(21, 2, Type.TCP).memberMac(), ProberFixture.VIP,
                ProberFixture.memberIp(21), 8080, Type.TCP, DELAY, Duration.ofSeconds(2), 1, 1)), Map.of());
        OutboundPacket syn = nextProbe();
        Ip4Packet p = FakeMembers.probe(syn);
        byte[] quoted = Arrays.copyOfRange(syn.data(), 14, 14 + 28);
        byte[] prohibited = Ip4Frames.icmp(p.ethSource(), p.ethDestination(), p.destination(), p.source(), 3, 13, 0,
                quoted);
        byte[] otherSeq = quoted.clone();
        otherSeq[20 + 7] ^= 1;
        assertFalse(prober.onPacket(DeviceId.of(2), Ip4Frames.icmp(p.ethSource(), p.ethDestination(),
                p.destination(), p.source(), 3, 13, 0, otherSeq)), "quotes another sequence number");
        assertTrue(prober.onPacket(DeviceId.of(2), prohibited));
        assertEquals("probe failed: ICMP destination unreachable (code 13)", f.transitions.get(0).reason());
    }

    @Test
    void forgedLateAndRepeatedAnswersDoNotCount() {
        prober.setTargets(List.of(target(21, 2, Type.TCP)), Map.of());
        OutboundPacket syn = nextProbe();
        DeviceId sw = DeviceId.of(2);
        long isn = FakeMembers.isn(syn);
        assertFalse(prober.onPacket(sw, FakeMembers.tcpAnswer(syn, Ip4Frames.SYN | Ip4Frames.ACK, isn)), "ack != ISN+1");
        assertFalse(prober.onPacket(sw, FakeMembers.tcpAnswer(syn, Ip4Frames.RST | Ip4Frames.ACK, isn + 2)));
        assertFalse(prober.onPacket(sw, FakeMembers.tcpAnswer(syn, Ip4Frames.RST, 0)), "a RST that acknowledges nothing");
        assertFalse(prober.onPacket(DeviceId.of(3), FakeMembers.synAck(syn)), "from another switch");
        assertFalse(prober.onPacket(sw, FakeMembers.synAckFrom(syn, ProberFixture.memberIp(23))), "from another address");
        byte[] otherProbePort = FakeMembers.synAck(syn);
        otherProbePort[37] ^= 1; // the destination port's low byte (the checksum does not matter to the prober)
        assertFalse(prober.onPacket(sw, otherProbePort));
        assertFalse(prober.onPacket(sw, TestPackets.arpRequest(ProberFixture.ROUTER, ProberFixture.VIP,
                ProberFixture.VIP)), "not even IP");
        assertEquals(0L, prober.counters().get("answers"));
        assertEquals(6L, prober.counters().get("answersUnmatched"), "the ones to the probe's port");

        assertTrue(prober.onPacket(sw, FakeMembers.synAck(syn)), "the true answer still counts");
        assertFalse(prober.onPacket(sw, FakeMembers.synAck(syn)), "but only once");
        assertEquals(1L, prober.counters().get("resetsSent"));

        OutboundPacket next = nextProbe();
        f.advance(Duration.ofSeconds(3));
        assertFalse(prober.onPacket(sw, FakeMembers.synAck(next)), "after its timeout");
        assertEquals(1L, prober.counters().get("timeouts"));
    }

    @Test
    void pingCountsTheEchoReplyWithItsSequenceNumber() {
        prober.setTargets(List.of(target(21, 2, Type.PING)), Map.of(ProberFixture.id(21), false));
        assertFalse(prober.isUp(ProberFixture.id(21)), "starts as stored");
        OutboundPacket echo = nextProbe();
        Ip4Packet p = FakeMembers.probe(echo);
        assertEquals(1, p.protocol());
        assertEquals(8, p.l4u8(0));
        int seq = p.l4u16(6);
        assertFalse(prober.onPacket(DeviceId.of(2), FakeMembers.echoReply(echo, (seq + 1) & 0xffff)), "wrong seq");
        assertTrue(prober.onPacket(DeviceId.of(2), FakeMembers.echoReply(echo)));
        assertTrue(prober.onPacket(DeviceId.of(2), FakeMembers.echoReply(nextProbe())));
        assertTrue(prober.isUp(ProberFixture.id(21)));
        assertEquals("2 probes in a row succeeded, last: echo reply", f.transitions.get(0).reason());
        for (int i = 0; i < 3; i++) {
            nextProbe();
        }
        f.advance(Duration.ofSeconds(2));
        assertFalse(prober.isUp(ProberFixture.id(21)), "silence is failure");
    }

    @Test
    void udpConnectFailsOnPortUnreachableAndSucceedsOnSilenceOrAnAnswer() {
        ProbeTarget t = new ProbeTarget(ProberFixture.id(21), ProberFixture.id(9), DeviceId.of(2),
                ProberFixture.ROUTER, ProberFixture.target(21, 2, Type.UDP_CONNECT).memberMac(), ProberFixture.VIP,
                ProberFixture.memberIp(21), 53, Type.UDP_CONNECT, DELAY, Duration.ofSeconds(2), 1, 1);
        prober.setTargets(List.of(t), Map.of());
        OutboundPacket probe = nextProbe();
        assertEquals(17, FakeMembers.probe(probe).protocol());
        assertEquals(53, FakeMembers.probe(probe).l4u16(2));
        byte[] unreachable = FakeMembers.portUnreachable(probe);
        byte[] forged = unreachable.clone();
        forged[14 + 20 + 8 + 20 + 6] ^= 0x40; // the quoted UDP checksum: not the one of our nonce
        assertFalse(prober.onPacket(DeviceId.of(2), forged));
        assertTrue(prober.onPacket(DeviceId.of(2), unreachable));
        assertFalse(prober.isUp(t.memberId()));
        assertEquals("probe failed: ICMP destination unreachable (code 3: port unreachable)",
                f.transitions.get(0).reason());

        nextProbe();
        f.advance(Duration.ofSeconds(2));
        assertTrue(prober.isUp(t.memberId()), "no port unreachable within the timeout");
        assertEquals("probe succeeded: no ICMP unreachable within 2 s", f.transitions.get(1).reason());

        assertTrue(prober.onPacket(DeviceId.of(2), FakeMembers.portUnreachable(nextProbe())));
        assertTrue(prober.onPacket(DeviceId.of(2), FakeMembers.udpReply(nextProbe())));
        assertTrue(prober.isUp(t.memberId()));
        assertEquals("probe succeeded: UDP answer", f.transitions.get(3).reason());
    }

    @Test
    void twoPoolsWithTheSameMemberAddressGetTheirOwnAnswers() {
        ProbeTarget a = target(21, 2, Type.TCP, DELAY, DELAY); // timeouts of a whole delay: both in flight at once
        ProbeTarget b = new ProbeTarget(ProberFixture.id(22), ProberFixture.id(7), a.device(), a.routerMac(),
                a.memberMac(), a.vip(), a.member(), a.memberPort(), Type.TCP, DELAY, DELAY, 1, 1);
        prober.setTargets(List.of(a, b), Map.of());
        List<OutboundPacket> first = f.advanceUntilSent(DELAY);
        List<OutboundPacket> probes = first.size() == 2 ? first
                : List.of(first.get(0), f.advanceUntilSent(DELAY).get(0));
        assertEquals(2, probes.size());
        assertNotEquals(FakeMembers.probePort(probes.get(0)), FakeMembers.probePort(probes.get(1)),
                "two probes in flight on one address and port use two probe ports");
        for (OutboundPacket p : probes) {
            assertTrue(prober.onPacket(DeviceId.of(2), FakeMembers.rstAck(p)), "each answer settles its own probe");
        }
        assertEquals(1, f.transitions.size());
        assertEquals(b.memberId(), f.transitions.get(0).memberId(), "b goes down after 1 failure, a after 3");
        assertTrue(prober.isUp(a.memberId()));
    }

    @Test
    void aProbeIsNotRepeatedWhileTheLastOneIsInFlight() {
        prober.setTargets(List.of(target(21, 2, Type.TCP, Duration.ofSeconds(2), Duration.ofSeconds(2))), Map.of());
        f.advance(Duration.ofSeconds(10));
        assertEquals(5, f.sent.size(), "one every 2 s, the timeout equal to the delay");
        assertEquals(4L, prober.counters().get("timeouts"));
        assertEquals(1L, prober.counters().get("probesInFlight"));
    }

    @Test
    void closeStopsEverything() {
        prober.setTargets(List.of(target(21, 2, Type.TCP)), Map.of());
        OutboundPacket syn = nextProbe();
        prober.close();
        prober.close();
        assertEquals(0, f.scheduler.periodicCount(), "its tick is cancelled");
        assertFalse(prober.onPacket(DeviceId.of(2), FakeMembers.synAck(syn)));
        prober.setTargets(List.of(target(21, 2, Type.TCP)), Map.of());
        prober.tick();
        assertEquals(1, f.sent.size());
        assertTrue(prober.verdicts().isEmpty());
    }

    @Test
    void refusesTheSameMemberTwiceAndBadTargets() {
        ProbeTarget t = target(21, 2, Type.TCP);
        assertThrows(IllegalArgumentException.class, () -> prober.setTargets(List.of(t, t), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> target(21, 2, Type.TCP, Duration.ofSeconds(1),
                Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class, () -> HealthProber.builder(p -> { }, f.clock, f.scheduler,
                h -> { }).probesPerSecondPerSwitch(0));
    }

    @Test
    void countersAreSortedByName() {
        assertEquals(List.of("answers", "answersUnmatched", "failures", "probesDeferred", "probesInFlight",
                "probesSent", "resetsSent", "sendErrors", "successes", "targets", "timeouts", "transitionsDown",
                "transitionsUp"), List.copyOf(prober.counters().keySet()));
    }

    @Test
    void aPacketOutThatFailsIsCountedAndProbingGoesOn() {
        ProberFixture g = new ProberFixture();
        HealthProber failing = HealthProber.builder(p -> {
            throw new IllegalStateException("switch gone");
        }, g.clock, g.scheduler, h -> { }).build();
        failing.setTargets(List.of(target(21, 2, Type.TCP)), Map.of());
        g.advance(Duration.ofSeconds(11));
        assertEquals(2L, failing.counters().get("sendErrors"), "one probe every 5 s, the tick still runs");
        assertEquals(2L, failing.counters().get("probesSent"));
    }
}
