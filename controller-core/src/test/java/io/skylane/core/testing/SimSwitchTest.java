package io.skylane.core.testing;

import static io.skylane.core.testing.SimPacketTest.IP_A;
import static io.skylane.core.testing.SimPacketTest.IP_B;
import static io.skylane.core.testing.SimPacketTest.MAC_A;
import static io.skylane.core.testing.SimPacketTest.MAC_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimSwitchTest {

    static final DeviceId DEV = DeviceId.of(0xd1);
    static final AppId APP = AppId.of(20, "sim-test");
    static final MacAddress MAC_C = MacAddress.parse("00:00:00:00:00:0c");

    static FlowRule.Builder rule(int table, int priority, Criterion... criteria) {
        Match.Builder m = Match.builder();
        for (Criterion c : criteria) {
            m.add(c);
        }
        return FlowRule.builder().device(DEV).table(table).priority(priority).match(m.build()).app(APP);
    }

    static Action out(long port) {
        return Action.output(PortNumber.of(port));
    }

    static Instruction write(Action... actions) {
        return new Instruction.WriteActions(List.of(actions));
    }

    static SimSwitch sw(FlowRule... rules) {
        return SimSwitch.builder(DEV).rules(List.of(rules)).livePorts(1, 2, 3, 4).build();
    }

    static SimPacket tcp() {
        return SimPacket.tcp(MAC_A, MAC_B, IP_A, IP_B, 1234, 80).at(1);
    }

    static Criterion ipv4() {
        return Criterion.ethType(EthType.IPV4);
    }

    // ---- matching ----------------------------------------------------------------------------

    @Test
    void highestPriorityMatchWins() {
        SimSwitch s = sw(rule(0, 10).apply(out(2)).build(),
                rule(0, 20, Criterion.ethDst(MAC_B)).apply(out(3)).build(),
                rule(0, 30, Criterion.ethDst(MAC_C)).apply(out(4)).build());

        SimResult r = s.process(tcp());

        assertEquals(Set.of(PortNumber.of(3)), r.outPorts(), r::toString);
        assertEquals(20, r.rulesHit().get(0).priority());
        assertTrue(r.isOutput(tcp(), PortNumber.of(3)));
        assertEquals(Set.of(PortNumber.of(2)), s.process(tcp().withEthDst(MAC_A)).outPorts());
    }

    @Test
    void twoMatchingRulesOfEqualPriorityAreATestError() {
        SimSwitch s = sw(rule(0, 10, Criterion.ethDst(MAC_B)).apply(out(2)).build(),
                rule(0, 10, Criterion.inPort(PortNumber.of(1))).apply(out(3)).build());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.process(tcp()));
        assertTrue(e.getMessage().contains("priority 10 in table 0"), e.getMessage());
        // equal priorities that do not overlap on this packet are fine
        assertEquals(Set.of(PortNumber.of(3)), s.process(tcp().withEthDst(MAC_C)).outPorts());
    }

    @Test
    void twoMatchingRulesOfEqualPriorityThatDoTheSameAreFine() {
        SimSwitch s = sw(rule(0, 10, Criterion.ethDst(MAC_B)).apply(out(2)).build(),
                rule(0, 10, Criterion.inPort(PortNumber.of(1))).apply(out(2)).build());

        assertEquals(Set.of(PortNumber.of(2)), s.process(tcp()).outPorts());
    }

    @Test
    void maskedMacAndIpPrefixesMatch() {
        MacAddress multicastBit = MacAddress.parse("01:00:00:00:00:00");
        SimSwitch s = sw(rule(0, 10, Criterion.ethDstMasked(multicastBit, multicastBit)).apply(out(2)).build(),
                rule(0, 5, ipv4(), Criterion.ipv4Dst(Ip4Prefix.parse("10.0.0.0/24"))).apply(out(3)).build(),
                rule(0, 6, ipv4(), Criterion.ipv4Dst(Ip4Prefix.parse("10.0.0.2/32"))).apply(out(4)).build());

        assertEquals(Set.of(PortNumber.of(2)), s.process(tcp().withEthDst(MacAddress.BROADCAST)).outPorts());
        assertEquals(Set.of(PortNumber.of(2)), s.process(tcp().withEthDst(MacAddress.parse("33:33:00:00:00:01")))
                .outPorts());
        assertEquals(Set.of(PortNumber.of(4)), s.process(tcp()).outPorts());
        assertEquals(Set.of(PortNumber.of(3)), s.process(tcp().withIpv4Dst(IP_A)).outPorts());
        assertTrue(s.process(tcp().withIpv4Dst(io.skylane.core.net.Ip4Address.parse("10.0.1.2"))).isDropped());
    }

    @Test
    void l4AndArpFieldsMatchOnlyPacketsThatHaveThem() {
        SimSwitch s = sw(
                rule(0, 10, ipv4(), Criterion.ipProto(IpProtocol.TCP), Criterion.exact(Type.TCP_DST, 80))
                        .apply(out(2)).build(),
                rule(0, 10, ipv4(), Criterion.ipProto(IpProtocol.UDP), Criterion.exact(Type.UDP_DST, 80))
                        .apply(out(3)).build(),
                rule(0, 10, Criterion.ethType(EthType.ARP), Criterion.arpTpa(Ip4Prefix.parse("10.0.0.2/32")))
                        .apply(out(4)).build());

        assertEquals(Set.of(PortNumber.of(2)), s.process(tcp()).outPorts());
        assertEquals(Set.of(PortNumber.of(3)), s.process(1, SimPacket.udp(MAC_A, MAC_B, IP_A, IP_B, 5, 80)).outPorts());
        assertEquals(Set.of(PortNumber.of(4)), s.process(1, SimPacket.arpRequest(MAC_A, IP_A, IP_B)).outPorts());
        assertTrue(s.process(1, SimPacket.icmpEcho(MAC_A, MAC_B, IP_A, IP_B)).isDropped());
    }

    @Test
    void vlanNoneMatchesUntaggedOnlyAndAVlanIdMatchesTheOuterTag() {
        SimSwitch s = sw(rule(0, 10, Criterion.vlan(VlanId.NONE)).apply(out(2)).build(),
                rule(0, 10, Criterion.vlan(VlanId.of(100))).apply(out(3)).build(),
                rule(0, 10, Criterion.vlan(VlanId.of(0))).apply(out(4)).build());

        assertEquals(Set.of(PortNumber.of(2)), s.process(tcp()).outPorts());
        assertEquals(Set.of(PortNumber.of(3)), s.process(tcp().withVlans(100, 200)).outPorts());
        assertEquals(Set.of(PortNumber.of(4)), s.process(tcp().withVlans(0)).outPorts(), "priority-tagged");
        SimResult inner = s.process(tcp().withVlans(200, 100));
        assertTrue(inner.isDropped(), inner::toString);
        assertTrue(inner.drops().get(0).reason().contains("table miss in table 0"));
    }

    @Test
    void metadataIsWrittenUnderItsMaskAlongAGotoChain() {
        SimSwitch s = sw(
                rule(0, 10).instruction(new Instruction.WriteMetadata(0x12, 0xff)).gotoTable(1).build(),
                rule(1, 10).instruction(new Instruction.WriteMetadata(0x300, 0xf00)).gotoTable(5).build(),
                rule(5, 10, Criterion.metadata(0x312, 0xfff)).apply(out(2)).build(),
                rule(5, 20, Criterion.metadata(0x1312, 0x1fff)).apply(out(3)).build());

        SimResult r = s.process(tcp().withMetadata(0xa000_00ffL));

        assertEquals(List.of(0, 1, 5), r.tables());
        assertEquals(0xa000_0312L, r.packetOn(2).metadata(), "bits outside the masks are kept");
        assertEquals(0x312, s.process(tcp().withMetadata(0x400)).packetOn(2).metadata(), "0x400 is overwritten");
        assertEquals(Set.of(PortNumber.of(3)), s.process(tcp().withMetadata(0x1000)).outPorts(),
                "bit 0x1000 is kept and matched under the wider mask");
    }

    @Test
    void tableMissDropsThePacketAndItsActionSet() {
        SimSwitch s = sw(rule(0, 10).instruction(write(out(2))).gotoTable(1).build(),
                rule(1, 10, Criterion.ethDst(MAC_C)).apply(out(3)).build());

        SimResult r = s.process(tcp());

        assertTrue(r.isDropped(), r::toString);
        assertEquals("table miss in table 1", r.drops().get(0).reason());
        assertEquals(List.of(0, 1), r.tables());
        assertTrue(r.trace().get(1).rule().isEmpty());
        assertTrue(r.toString().contains("table 1: miss"), r::toString);
    }

    @Test
    void aRuleWithoutInstructionsDropsWithAReason() {
        SimResult r = sw(rule(0, 10).build()).process(tcp());

        assertTrue(r.isDropped());
        assertEquals("pipeline ended in table 0 with no output", r.drops().get(0).reason());
    }

    // ---- apply vs write ----------------------------------------------------------------------

    @Test
    void anOutputInApplyActionsSendsTheCopyAsItIsThen() {
        SimSwitch s = sw(rule(0, 10).apply(out(2), Action.setEthDst(MAC_C), out(3)).gotoTable(1).build(),
                rule(1, 10, Criterion.ethDst(MAC_C)).apply(Action.setEthSrc(MAC_C), out(4)).build());

        SimResult r = s.process(tcp());

        assertEquals(List.of(PortNumber.of(2), PortNumber.of(3), PortNumber.of(4)),
                r.outputs().stream().map(SimResult.Output::port).toList());
        assertEquals(MAC_B, r.packetOn(2).ethDst());
        assertEquals(MAC_C, r.packetOn(3).ethDst());
        assertEquals(MAC_A, r.packetOn(3).ethSrc());
        assertEquals(MAC_C, r.packetOn(4).ethSrc(), "later tables see the changed packet");
        assertTrue(r.drops().isEmpty(), "an apply-output is not a drop even when the action set is empty");
    }

    @Test
    void writeActionsRunInTheSpecificationOrderAtTheEnd() {
        // written output-first: the action set still pushes, then sets the VLAN id, then outputs
        SimSwitch s = sw(rule(0, 10).instruction(write(out(2), Action.setVlan(VlanId.of(10)),
                new Action.PushVlan(EthType.VLAN), new Action.DecNwTtl())).gotoTable(1).build(),
                rule(1, 10, Criterion.vlan(VlanId.NONE)).instruction(write(Action.setEthDst(MAC_C))).build());

        SimResult r = s.process(tcp());

        SimPacket sent = r.packetOn(2);
        assertEquals(VlanId.of(10), sent.vlanId());
        assertEquals(63, sent.ttl());
        assertEquals(MAC_C, sent.ethDst());
        assertEquals(List.of(0, 1), r.tables(), "table 1 still sees the untagged packet");
    }

    @Test
    void theSameActionsAppliedInThatOrderAreAnError() {
        SimSwitch s = sw(rule(0, 10).apply(out(2), Action.setVlan(VlanId.of(10)), new Action.PushVlan(EthType.VLAN))
                .build());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.process(tcp()));
        assertTrue(e.getMessage().contains("VLAN_VID"), e.getMessage());
    }

    @Test
    void aLaterWriteReplacesTheActionOfTheSameTypeAndClearEmptiesTheSet() {
        SimSwitch s = sw(rule(0, 10).instruction(write(out(2), Action.setEthDst(MAC_C))).gotoTable(1).build(),
                rule(1, 10, Criterion.inPort(PortNumber.of(1))).instruction(write(out(3))).build(),
                rule(1, 10, Criterion.inPort(PortNumber.of(4))).instruction(new Instruction.ClearActions())
                        .build());

        SimResult replaced = s.process(tcp());
        assertEquals(Set.of(PortNumber.of(3)), replaced.outPorts(), replaced::toString);
        assertEquals(MAC_C, replaced.packetOn(3).ethDst());

        SimResult cleared = s.process(tcp().at(4));
        assertTrue(cleared.isDropped(), cleared::toString);
        assertTrue(cleared.drops().get(0).reason().startsWith("pipeline ended in table 1 with no output"));
    }

    @Test
    void clearThenWriteInOneRuleKeepsOnlyTheNewActions() {
        SimSwitch s = sw(rule(0, 10).instruction(write(out(2), Action.setEthDst(MAC_C))).gotoTable(1).build(),
                rule(1, 10).instruction(write(out(3))).instruction(new Instruction.ClearActions()).build());

        SimResult r = s.process(tcp());

        assertEquals(MAC_B, r.packetOn(3).ethDst(), r::toString);
    }

    // ---- header actions ----------------------------------------------------------------------

    @Test
    void decTtlDecrementsAndDropsWhenTheTtlWouldReachZero() {
        SimSwitch s = sw(rule(0, 10).apply(new Action.DecNwTtl(), out(2)).build());

        assertEquals(63, s.process(tcp()).packetOn(2).ttl());
        assertEquals(1, s.process(tcp().withTtl(2)).packetOn(2).ttl());
        SimResult expired = s.process(tcp().withTtl(1));
        assertTrue(expired.isDropped(), expired::toString);
        assertTrue(expired.drops().get(0).reason().contains("TTL 1 expired"));
        assertTrue(s.process(tcp().withTtl(0)).isDropped());
        assertEquals(Set.of(PortNumber.of(2)), s.process(1, SimPacket.arpRequest(MAC_A, IP_A, IP_B)).outPorts(),
                "dec_ttl leaves non-IP packets alone");
    }

    @Test
    void vlanPushCopiesTheOuterTagAndPopRemovesIt() {
        SimSwitch s = sw(rule(0, 10, Criterion.vlan(VlanId.of(5)))
                        .apply(new Action.PushVlan(EthType.QINQ), out(2)).build(),
                rule(0, 10, Criterion.vlan(VlanId.of(6))).apply(new Action.PopVlan(), out(3)).build(),
                rule(0, 10, Criterion.vlan(VlanId.NONE)).apply(new Action.PopVlan()).build());

        SimPacket qinq = s.process(tcp().withVlans(5)).packetOn(2);
        assertEquals(List.of(new SimPacket.VlanTag(EthType.QINQ, 5, 0), SimPacket.VlanTag.of(5)), qinq.vlans());
        assertEquals(tcp(), s.process(tcp().withVlans(6)).packetOn(3));
        assertThrows(IllegalStateException.class, () -> s.process(tcp()));
    }

    @Test
    void mplsPushHidesTheIpHeaderAndPopRestoresIt() {
        Criterion mpls = Criterion.ethType(EthType.MPLS_UNICAST);
        SimSwitch s = sw(rule(0, 10, ipv4()).apply(new Action.PushMpls(EthType.MPLS_UNICAST),
                        Action.setField(Type.MPLS_LABEL, 77)).gotoTable(1).build(),
                rule(1, 10, mpls, Criterion.exact(Type.MPLS_LABEL, 77)).apply(out(2),
                        new Action.PopMpls(EthType.IPV4), out(3)).build());

        SimResult r = s.process(tcp());

        SimPacket labelled = r.packetOn(2);
        assertEquals(List.of(77), labelled.mplsLabels());
        assertFalse(labelled.has(Type.IPV4_DST));
        assertEquals(tcp(), r.packetOn(3));
        assertThrows(IllegalStateException.class,
                () -> sw(rule(0, 10).apply(new Action.PopMpls(EthType.IPV4)).build()).process(tcp()));
    }

    @Test
    void setFieldRewritesFieldsThePacketHasAndRefusesOthers() {
        SimSwitch s = sw(rule(0, 10, ipv4()).apply(Action.setIpv4Dst(IP_A), Action.setField(Type.TCP_DST, 8080),
                Action.setField(Type.TUNNEL_ID, 9), out(2)).build());

        SimPacket sent = s.process(tcp()).packetOn(2);
        assertEquals(IP_A, sent.ipv4Dst());
        assertEquals(8080, sent.l4Dst());
        assertEquals(9, sent.tunnelId());

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sw(rule(0, 10).apply(Action.setField(Type.TCP_DST, 1)).build())
                        .process(1, SimPacket.udp(MAC_A, MAC_B, IP_A, IP_B, 1, 2)));
        assertTrue(e.getMessage().contains("TCP_DST"), e.getMessage());
    }

    // ---- outputs -----------------------------------------------------------------------------

    @Test
    void controllerOutputIsAPuntWithTableAndCookie() {
        FlowRule punt = rule(0, 10).gotoTable(3).build();
        FlowRule toController = rule(3, 0).app(APP).cookie(APP.cookie(7)).apply(Action.toController()).build();

        SimResult r = sw(punt, toController).process(tcp());

        assertTrue(r.isPunted());
        assertFalse(r.isDropped());
        assertEquals(new SimResult.Punt(tcp(), 3, APP.cookie(7)), r.punts().get(0));
    }

    @Test
    void inPortFloodAndPortRules() {
        SimSwitch s = SimSwitch.builder(DEV).livePorts(1, 2, 3)
                .rule(rule(0, 10, Criterion.ethDst(MAC_A)).apply(Action.output(PortNumber.IN_PORT)).build())
                .rule(rule(0, 10, Criterion.ethDst(MAC_B)).apply(out(1)).build())
                .rule(rule(0, 10, Criterion.ethDst(MAC_C)).apply(out(4)).build())
                .rule(rule(0, 10, Criterion.ethDst(MacAddress.BROADCAST)).apply(Action.output(PortNumber.FLOOD)).build())
                .build();

        assertEquals(Set.of(PortNumber.of(1)), s.process(tcp().withEthDst(MAC_A)).outPorts());
        SimResult hairpin = s.process(tcp());
        assertTrue(hairpin.isDropped());
        assertTrue(hairpin.drops().get(0).reason().contains("ingress port 1"), hairpin::toString);
        SimResult dead = s.process(tcp().withEthDst(MAC_C));
        assertTrue(dead.drops().get(0).reason().contains("port 4, which is down"), dead::toString);
        assertEquals(Set.of(PortNumber.of(1), PortNumber.of(3)),
                s.process(tcp().at(2).withEthDst(MacAddress.BROADCAST)).outPorts());
        assertThrows(IllegalArgumentException.class, () -> s.process(tcp().at(4)), "no packet enters a dead port");
    }

    @Test
    void floodNeedsTheLivePorts() {
        SimSwitch s = SimSwitch.builder(DEV).rule(rule(0, 1).apply(Action.output(PortNumber.ALL)).build()).build();

        assertThrows(IllegalStateException.class, () -> s.process(tcp()));
    }

    @Test
    void aPacketOutWithOutputTableStartsAtTableZeroWithInPortController() {
        SimSwitch s = sw(rule(0, 4000, Criterion.inPort(PortNumber.CONTROLLER), Criterion.ethSrc(MAC_A))
                        .instruction(new Instruction.WriteMetadata(100, 0xffffff)).gotoTable(6).build(),
                rule(0, 10).apply(out(4)).build(),
                rule(6, 10, Criterion.metadata(100, 0xffffff)).apply(out(2)).build());

        SimResult r = s.packetOut(tcp());

        SimPacket sent = r.packetOn(2);
        assertEquals(PortNumber.CONTROLLER, sent.inPort(), r::toString);
        assertEquals(100, sent.metadata());
        assertEquals(tcp().onWire(), sent.onWire());
        assertEquals(List.of(0, 6), r.tables());
        assertEquals(Set.of(PortNumber.of(4)), s.packetOut(tcp().withEthSrc(MAC_C)).outPorts(), "other rules of table 0");
    }

    @Test
    void aPacketOutRunsItsActionsInOrderAndOutputTableOnlyThere() {
        SimSwitch s = sw(rule(0, 10).apply(out(2)).build());

        SimResult r = s.packetOut(tcp(), List.of(out(3), Action.output(PortNumber.TABLE), out(4)));
        assertEquals(List.of(PortNumber.of(3), PortNumber.of(2), PortNumber.of(4)), List.copyOf(r.outPorts()));

        SimResult inPort = s.packetOut(tcp(), List.of(Action.output(PortNumber.IN_PORT)));
        assertTrue(inPort.isDropped() && inPort.drops().get(0).reason().contains("packet-out"), inPort::toString);

        IllegalArgumentException notProcess = assertThrows(IllegalArgumentException.class,
                () -> s.process(tcp().at(PortNumber.CONTROLLER)));
        assertTrue(notProcess.getMessage().contains("packetOut"), notProcess.getMessage());
        IllegalStateException inRule = assertThrows(IllegalStateException.class,
                () -> sw(rule(0, 10).apply(Action.output(PortNumber.TABLE)).build()).process(tcp()));
        assertTrue(inRule.getMessage().contains("outside a packet-out"), inRule.getMessage());
    }

    // ---- construction ------------------------------------------------------------------------

    @Test
    void buildRejectsForeignRulesDuplicatesAndMissingGroups() {
        FlowRule r = rule(0, 1).apply(out(2)).build();
        FlowRule foreign = r.toBuilder().device(DeviceId.of(2)).build();

        assertThrows(IllegalArgumentException.class, () -> SimSwitch.builder(DEV).rule(foreign));
        assertThrows(IllegalArgumentException.class, () -> SimSwitch.builder(DEV).rule(r).rule(r));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sw(rule(0, 1).instruction(write(new Action.Group(5))).build()));
        assertTrue(e.getMessage().contains("group 0x5"), e.getMessage());
    }

    @Test
    void theTraceNamesTableRulePriorityAndApp() {
        SimResult r = sw(rule(0, 10).gotoTable(2).build(), rule(2, 7).apply(out(2)).build()).process(tcp());

        String text = r.toString();
        assertTrue(text.contains("table 0: prio 10 app 20 cookie 0x14000000000000 any -> goto:2"), text);
        assertTrue(text.contains("table 2: prio 7 app 20"), text);
        assertTrue(text.contains("output 2: in=1"), text);
        assertEquals(2, r.rulesHit().size());
    }
}
