package io.skylane.topology.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.core.southbound.SouthboundListener.RemovalReason;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.FakeSwitchHandle.TransientFlow;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.PortClaims;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The learning switch against the real core managers and an emulated switch. */
class LearningSwitchTest {

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");
    private static final MacAddress C = MacAddress.parse("02:00:00:00:00:0c");
    private static final PortNumber P1 = PortNumber.of(1);
    private static final PortNumber P2 = PortNumber.of(2);
    private static final PortNumber P3 = PortNumber.of(3);

    private final TestCore core = new TestCore();
    private FakeSwitchHandle s1;
    private DeviceId d1;
    private LearningSwitch app;

    @BeforeEach
    void start() {
        app = newApp(LearningSwitch.Config.defaults());
        s1 = core.connect(FakeSwitchHandle.of13(1), TestCore.ports(4));
        d1 = s1.deviceId();
        s1.clearRecords();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private LearningSwitch newApp(LearningSwitch.Config config) {
        LearningSwitch ls = new LearningSwitch(core.packets(), core.flows(), core.devices(), core.clock(), config);
        ls.start();
        return ls;
    }

    private void send(long port, MacAddress src, MacAddress dst) {
        core.packetIn(s1, TestPackets.packetIn(d1, port, TestPackets.ethernet(src, dst, EthType.IPV4)));
    }

    private void sendBuffered(long port, MacAddress src, MacAddress dst, int bufferId) {
        core.packetIn(s1, TestPackets.packetIn(d1, port, TestPackets.ethernet(src, dst, EthType.IPV4), bufferId));
    }

    private static boolean isFlood(OutboundPacket p) {
        return p.actions().equals(List.of(Action.output(PortNumber.FLOOD)));
    }

    private FlowRule expectedRule(PortNumber in, MacAddress src, MacAddress dst, PortNumber out) {
        return FlowRule.builder().device(d1).table(0).priority(10)
                .match(Match.builder().add(Criterion.inPort(in)).add(Criterion.ethSrc(src)).add(Criterion.ethDst(dst))
                        .build())
                .apply(Action.output(out)).app(LearningSwitch.APP_ID).idleTimeout(30).notifyRemoval(true).build();
    }

    @Test
    void learnsTheSourceAndFloodsAnUnknownDestination() {
        send(1, A, B);

        assertEquals(Map.of(A, P1), app.macTable(d1));
        assertEquals(1, s1.packetOuts().size());
        assertTrue(isFlood(s1.packetOuts().get(0)));
        assertEquals(P1, s1.packetOuts().get(0).inPort());
        assertEquals(List.of(), s1.transientFlows());
    }

    @Test
    void tenantPortsGetNoFloodsAndTheirPacketsAreLeftAlone() {
        app.stop();
        PortClaims claims = new PortClaims();
        claims.claim("vpc", java.util.Set.of(ConnectPoint.of(d1, P3)));
        app = new LearningSwitch(core.packets(), core.flows(), core.devices(), claims, core.clock(),
                LearningSwitch.Config.defaults());
        app.start();

        send(1, A, B);
        assertEquals(1, s1.packetOuts().size());
        assertEquals(List.of(Action.output(P2), Action.output(PortNumber.of(4))), s1.packetOuts().get(0).actions(),
                "out of every enabled port but the ingress and the claimed one");
        s1.clearRecords();

        send(3, C, A);
        assertEquals(0, s1.messages(), "a tenant port's packet is not the learning switch's");
        assertEquals(Map.of(A, P1), app.macTable(d1), "and its source is not learned");

        claims.claim("vpc", java.util.Set.of());
        send(1, A, B);
        assertTrue(isFlood(s1.packetOuts().get(0)), "nothing claimed: OFPP_FLOOD again");
    }

    @Test
    void broadcastIsFloodedEvenWhenItsSourceIsKnown() {
        send(1, A, B);
        s1.clearRecords();

        send(1, A, MacAddress.BROADCAST);

        assertEquals(1, s1.messages());
        assertTrue(isFlood(s1.packetOuts().get(0)));
    }

    @Test
    void aBufferedPacketToAKnownDestinationIsAnsweredByTheRuleAlone() {
        send(1, A, B);
        s1.clearRecords();

        sendBuffered(2, B, A, 7);

        assertEquals(List.of(new TransientFlow(expectedRule(P2, B, A, P1), OptionalInt.of(7))), s1.transientFlows());
        assertEquals(List.of(), s1.packetOuts());
        assertEquals(1, s1.messages());
        assertEquals(Map.of(A, P1, B, P2), app.macTable(d1));
        assertTrue(core.flows().desiredRules(d1).contains(expectedRule(P2, B, A, P1)));
    }

    @Test
    void anUnbufferedPacketToAKnownDestinationGetsTheRuleAndAPacketOut() {
        send(1, A, B);
        s1.clearRecords();

        send(2, B, A);

        assertEquals(List.of(new TransientFlow(expectedRule(P2, B, A, P1), OptionalInt.empty())), s1.transientFlows());
        OutboundPacket out = s1.packetOuts().get(0);
        assertEquals(List.of(Action.output(P1)), out.actions());
        assertTrue(out.bufferId().isEmpty());
        assertTrue(out.data().length > 0);
        assertEquals(2, s1.messages());
    }

    @Test
    void aRuleTheSwitchExpiresIsNoLongerDesired() {
        send(1, A, B);
        send(2, B, A);
        FlowRule rule = expectedRule(P2, B, A, P1);
        assertTrue(core.flows().desiredRules(d1).contains(rule));

        core.router().flowRemoved(s1, rule, RemovalReason.IDLE_TIMEOUT, 3, 300);

        assertFalse(core.flows().desiredRules(d1).contains(rule));
    }

    @Test
    void lldpIsDroppedAndNotLearned() {
        core.packetIn(s1, TestPackets.packetIn(d1, 1, TestPackets.lldp(A)));
        core.packetIn(s1, TestPackets.packetIn(d1, 1, TestPackets.ethernet(A, MacAddress.BROADCAST, EthType.BDDP)));

        assertEquals(0, s1.messages());
        assertEquals(Map.of(), app.macTable(d1));
    }

    @Test
    void packetsAnEarlierProcessorHandledAreSkipped() {
        core.packets().addProcessor(c -> c.block(), PacketProcessor.RESPONDER);

        send(1, A, B);

        assertEquals(0, s1.messages());
        assertEquals(Map.of(), app.macTable(d1));
    }

    @Test
    void aDestinationOnTheIngressPortIsDropped() {
        send(1, A, B);
        s1.clearRecords();

        send(1, C, A);

        assertEquals(0, s1.messages());
        assertEquals(Map.of(A, P1, C, P1), app.macTable(d1));
    }

    @Test
    void multicastAndZeroSourcesAreNotLearned() {
        send(1, MacAddress.parse("01:00:5e:00:00:01"), B);
        send(1, MacAddress.ZERO, B);

        assertEquals(Map.of(), app.macTable(d1));
        assertEquals(2, s1.packetOuts().size());
    }

    @Test
    void aMulticastSourceToAKnownDestinationIsForwardedWithoutARule() {
        send(1, A, B);
        s1.clearRecords();

        send(2, MacAddress.parse("01:00:5e:00:00:01"), A);

        assertEquals(List.of(), s1.transientFlows());
        assertEquals(List.of(Action.output(P1)), s1.packetOuts().get(0).actions());
    }

    @Test
    void learnedAddressesAgeOut() {
        send(1, A, B);
        core.clock().advanceSeconds(299);
        assertEquals(Map.of(A, P1), app.macTable(d1));

        core.clock().advanceSeconds(2);

        assertEquals(Map.of(), app.macTable(d1));
        s1.clearRecords();
        send(2, B, A);
        assertTrue(isFlood(s1.packetOuts().get(0)));
    }

    @Test
    void seeingAnAddressAgainRefreshesItsAge() {
        send(1, A, B);
        core.clock().advanceSeconds(200);
        send(1, A, B);
        core.clock().advanceSeconds(200);

        assertEquals(Map.of(A, P1), app.macTable(d1));
    }

    @Test
    void theTableIsBoundedPerSwitch() {
        app.stop();
        app = newApp(new LearningSwitch.Config(300, 2, 30, 10));

        send(1, A, MacAddress.BROADCAST);
        send(2, B, MacAddress.BROADCAST);
        send(3, C, MacAddress.BROADCAST);

        assertEquals(Map.of(B, P2, C, P3), app.macTable(d1));
    }

    @Test
    void aMacMoveRemovesTheRulesTowardsIt() {
        send(1, A, B);
        send(2, B, A);
        FlowRule towardsA = expectedRule(P2, B, A, P1);
        FlowRule towardsB = expectedRule(P1, A, B, P2);
        send(1, A, B);
        assertTrue(core.flows().desiredRules(d1).containsAll(List.of(towardsA, towardsB)));
        s1.clearRecords();

        send(3, A, B);

        assertEquals(List.of(List.of(SwitchOp.delete(towardsA))), s1.batches());
        assertFalse(core.flows().desiredRules(d1).contains(towardsA));
        assertFalse(s1.hasFlow(towardsA));
        assertEquals(P3, app.macTable(d1).get(A));
        assertTrue(s1.transientFlows().get(0).rule().match().criteria().contains(Criterion.inPort(P3)));
    }

    @Test
    void aPortGoingDownForgetsItsAddressesAndTheRulesTowardsThem() {
        send(1, A, B);
        send(2, B, A);
        s1.clearRecords();
        Port p1 = TestCore.port(1);

        core.router().portChanged(s1, PortChange.MODIFIED,
                new Port(p1.number(), p1.name(), p1.hwAddress(), true, false, 0));

        assertEquals(Map.of(B, P2), app.macTable(d1));
        assertEquals(List.of(List.of(SwitchOp.delete(expectedRule(P2, B, A, P1)))), s1.batches());
    }

    @Test
    void aDisconnectForgetsTheSwitchsTable() {
        send(1, A, B);

        core.disconnect(s1, "closed");

        assertEquals(Map.of(), app.macTable(d1));
    }

    @Test
    void tablesAreKeptPerSwitch() {
        FakeSwitchHandle s2 = core.connect(FakeSwitchHandle.of10(2), TestCore.ports(2));
        send(1, A, B);

        core.packetIn(s2, TestPackets.packetIn(s2.deviceId(), 2, TestPackets.ethernet(B, A, EthType.IPV4)));

        assertEquals(Map.of(A, P1), app.macTable(d1));
        assertEquals(Map.of(B, P2), app.macTable(s2.deviceId()));
        assertTrue(isFlood(s2.packetOuts().get(0)));
        assertEquals(Map.of(), app.macTable(DeviceId.of(99)));
    }

    @Test
    void stopUnregistersAndRemovesTheAppsRules() {
        send(1, A, B);
        send(2, B, A);
        s1.clearRecords();

        app.stop();
        send(1, A, B);

        assertEquals(List.of(List.of(SwitchOp.delete(expectedRule(P2, B, A, P1)))), s1.batches());
        assertEquals(List.of(), s1.packetOuts());
        assertTrue(core.flows().desiredRules(d1).stream().noneMatch(r -> r.appId() == LearningSwitch.APP_ID.id()));
        assertEquals(Map.of(), app.macTable(d1));
    }

    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new LearningSwitch.Config(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LearningSwitch.Config(1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LearningSwitch.Config(1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LearningSwitch.Config(1, 1, 1, 0));
        assertEquals(new LearningSwitch.Config(300, 4096, 30, 10), LearningSwitch.Config.defaults());
        assertEquals(10, LearningSwitch.APP_ID.id());
    }
}
