package io.skylane.southbound.translate;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowEntry;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import io.skylane.core.southbound.SwitchOp;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U64;

/**
 * core rule -> FLOW_MOD -> bytes -> parse -> flow statistics entry -> bytes -> parse -> decode:
 * the decoded rule must equal the original, because the flow audit compares them with equals().
 */
class FlowRoundTripTest {

    static final DeviceId D = DeviceId.of(0xd1);
    static final AppId APP = AppId.of(3, "vpc");

    static FlowRule.Builder base() {
        return FlowRule.builder().device(D).priority(1000).cookie(APP.cookie(0x42));
    }

    static Stream<FlowRule> rules13() {
        Match ip = Match.builder().add(Criterion.inPort(PortNumber.of(1))).add(Criterion.ethType(EthType.IPV4))
                .add(Criterion.ipv4Src(Ip4Prefix.parse("10.1.0.0/16"))).add(Criterion.ipv4Dst(Ip4Prefix.parse("10.2.3.4/32")))
                .add(Criterion.ipProto(IpProtocol.TCP)).add(Criterion.exact(Criterion.Type.TCP_DST, 443))
                .add(Criterion.exact(Criterion.Type.IP_DSCP, 46)).build();
        return Stream.of(
                // the table-miss entry the core installs: everything to the controller, unbuffered
                base().priority(0).cookie(AppId.CORE.cookie()).apply(Action.toController()).build(),
                // drop
                base().table(2).match(Match.builder().add(Criterion.ethType(EthType.LLDP)).build()).build(),
                base().table(1).match(ip).apply(new Action.DecNwTtl(), Action.output(PortNumber.of(2))).gotoTable(3)
                        .idleTimeout(30).hardTimeout(300).notifyRemoval(true).build(),
                base().match(Match.builder().add(Criterion.vlan(VlanId.NONE)).add(Criterion.ethDstMasked(
                                MacAddress.parse("01:00:00:00:00:00"), MacAddress.parse("01:00:00:00:00:00"))).build())
                        .apply(new Action.PushVlan(EthType.VLAN), Action.setVlan(VlanId.of(100)),
                                Action.output(PortNumber.of(3))).build(),
                base().match(Match.builder().add(Criterion.vlan(VlanId.of(100)))
                                .add(Criterion.exact(Criterion.Type.VLAN_PCP, 5)).build())
                        .apply(new Action.PopVlan(), Action.output(PortNumber.NORMAL)).build(),
                base().table(3).match(Match.builder().add(Criterion.metadata(0x0000000500000000L, 0xffffffff00000000L))
                                .add(Criterion.ethType(EthType.ARP)).add(Criterion.exact(Criterion.Type.ARP_OP, 1))
                                .add(Criterion.arpTpa(Ip4Prefix.parse("10.0.0.1/32")))
                                .add(Criterion.arpSha(MacAddress.parse("0a:00:00:00:00:01"))).build())
                        .instruction(new Instruction.WriteMetadata(0x10, 0xff))
                        .instruction(new Instruction.Meter(4))
                        .instruction(new Instruction.WriteActions(List.of(new Action.Group(7))))
                        .instruction(new Instruction.ClearActions()).build(),
                base().match(Match.builder().add(Criterion.tunnelId(99)).add(Criterion.ethType(EthType.IPV4))
                                .add(Criterion.ipProto(IpProtocol.UDP)).add(Criterion.exact(Criterion.Type.UDP_SRC, 53))
                                .build())
                        .apply(Action.setEthSrc(MacAddress.parse("02:00:00:00:00:01")),
                                Action.setIpv4Dst(Ip4Address.parse("10.9.9.9")),
                                Action.setField(Criterion.Type.UDP_DST, 5353),
                                Action.setField(Criterion.Type.TUNNEL_ID, 17), Action.output(PortNumber.IN_PORT))
                        .build(),
                base().match(Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.TCP))
                                .add(new Criterion.NumberField(Criterion.Type.TCP_DST, 0x0400, 0xfc00))
                                .add(new Criterion.NumberField(Criterion.Type.TCP_SRC, 0x8000, 0x8000)).build())
                        .apply(Action.output(PortNumber.of(2))).build(),
                base().match(Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.UDP))
                                .add(new Criterion.NumberField(Criterion.Type.UDP_DST, 8080, 0xfffe))
                                .add(new Criterion.NumberField(Criterion.Type.UDP_SRC, 0xc000, 0xc000)).build())
                        .apply(Action.output(PortNumber.of(2))).build(),
                base().match(Match.builder().add(Criterion.ethType(EthType.MPLS_UNICAST))
                                .add(Criterion.exact(Criterion.Type.MPLS_LABEL, 1000)).build())
                        .apply(new Action.PopMpls(EthType.IPV4), new Action.PushMpls(EthType.MPLS_UNICAST),
                                Action.output(PortNumber.LOCAL)).build(),
                base().match(Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.ICMP))
                                .add(Criterion.exact(Criterion.Type.ICMPV4_TYPE, 8))
                                .add(Criterion.exact(Criterion.Type.ICMPV4_CODE, 0)).build())
                        .apply(new Action.Output(PortNumber.CONTROLLER, 128)).build());
    }

    static Stream<FlowRule> rules10() {
        return Stream.of(
                base().priority(0).cookie(AppId.CORE.cookie()).apply(Action.toController()).build(),
                base().match(Match.builder().add(Criterion.ethType(EthType.LLDP)).build()).build(),
                base().match(Match.builder().add(Criterion.inPort(PortNumber.of(1))).add(Criterion.vlan(VlanId.NONE))
                                .add(Criterion.ethSrc(MacAddress.parse("0a:00:00:00:00:01")))
                                .add(Criterion.ethDst(MacAddress.parse("0a:00:00:00:00:02"))).build())
                        .apply(Action.setVlan(VlanId.of(10)), Action.setField(Criterion.Type.VLAN_PCP, 3),
                                Action.output(PortNumber.of(2)), Action.output(PortNumber.FLOOD))
                        .idleTimeout(10).hardTimeout(60).build(),
                base().match(Match.builder().add(Criterion.vlan(VlanId.of(10))).build())
                        .apply(new Action.PopVlan(), Action.output(PortNumber.of(1))).build(),
                base().match(Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipv4Dst(Ip4Prefix.parse(
                                "192.168.0.0/24"))).add(Criterion.ipProto(IpProtocol.UDP))
                                .add(Criterion.exact(Criterion.Type.UDP_DST, 53))
                                .add(Criterion.exact(Criterion.Type.IP_DSCP, 10)).build())
                        .apply(Action.setEthDst(MacAddress.parse("0a:00:00:00:00:09")),
                                Action.setIpv4Src(Ip4Address.parse("10.0.0.1")),
                                Action.setField(Criterion.Type.IP_DSCP, 12),
                                Action.setField(Criterion.Type.UDP_SRC, 1000),
                                Action.setField(Criterion.Type.UDP_DST, 2000), Action.output(PortNumber.LOCAL)).build(),
                base().match(Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.TCP))
                                .add(Criterion.exact(Criterion.Type.TCP_SRC, 80)).build())
                        .apply(Action.setField(Criterion.Type.TCP_DST, 8080), Action.output(PortNumber.IN_PORT)).build(),
                base().match(Match.builder().add(Criterion.ethType(EthType.ARP)).add(Criterion.exact(Criterion.Type.ARP_OP, 2))
                                .add(Criterion.arpSpa(Ip4Prefix.parse("10.0.0.0/8"))).build())
                        .apply(Action.toController()).notifyRemoval(false).build());
    }

    @ParameterizedTest
    @MethodSource("rules13")
    void roundTrip13(FlowRule rule) {
        assertEquals(rule, decodeAfterWire(rule, OF13));
    }

    @ParameterizedTest
    @MethodSource("rules10")
    void roundTrip10(FlowRule rule) {
        assertEquals(rule, decodeAfterWire(rule, OF10));
    }

    static FlowRule decodeAfterWire(FlowRule rule, OFFactory f) {
        OFFlowMod fm = (OFFlowMod) roundTrip(FlowModEncoder.flowMod(SwitchOp.Kind.ADD, rule, f, 5, OptionalInt.empty()));
        OFFlowStatsEntry.Builder e = f.buildFlowStatsEntry().setMatch(fm.getMatch()).setPriority(fm.getPriority())
                .setCookie(fm.getCookie()).setIdleTimeout(fm.getIdleTimeout()).setHardTimeout(fm.getHardTimeout())
                .setPacketCount(U64.of(3)).setByteCount(U64.of(300)).setDurationSec(12);
        if (f.getVersion() == OFVersion.OF_10) {
            e.setTableId(org.projectfloodlight.openflow.types.TableId.ZERO).setActions(fm.getActions());
        } else {
            e.setTableId(fm.getTableId()).setInstructions(fm.getInstructions()).setFlags(fm.getFlags());
        }
        OFFlowStatsReply reply = (OFFlowStatsReply) roundTrip(f.buildFlowStatsReply().setEntries(List.of(e.build())).build());
        FlowEntry entry = FlowStatsDecoder.toCore(reply.getEntries().get(0), D);
        assertEquals(3, entry.packets());
        assertEquals(300, entry.bytes());
        assertEquals(12, entry.durationSeconds());
        return entry.rule();
    }

    @Test
    void whatOpenFlow10CannotExpressFailsFast() {
        List<FlowRule> impossible = List.of(
                base().table(1).build(),
                base().gotoTable(2).build(),
                base().apply(new Action.Group(1)).build(),
                base().apply(new Action.DecNwTtl()).build(),
                base().apply(new Action.PushVlan(EthType.VLAN)).build(),
                base().match(Match.builder().add(Criterion.metadata(1, 1)).build()).build(),
                base().match(Match.builder().add(Criterion.tunnelId(1)).build()).build(),
                base().match(Match.builder().add(Criterion.arpSha(MacAddress.parse("0a:00:00:00:00:01")))
                        .add(Criterion.ethType(EthType.ARP)).build()).build(),
                base().match(Match.builder().add(Criterion.ethDstMasked(MacAddress.BROADCAST,
                        MacAddress.parse("01:00:00:00:00:00"))).build()).build(),
                base().match(Match.builder().add(Criterion.inPort(PortNumber.of(70000))).build()).build(),
                base().match(Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.TCP))
                        .add(new Criterion.NumberField(Criterion.Type.TCP_DST, 0x0400, 0xfc00)).build()).build(),
                base().apply(Action.setField(Criterion.Type.TUNNEL_ID, 1)).build());
        for (FlowRule r : impossible) {
            assertThrows(IllegalArgumentException.class,
                    () -> FlowModEncoder.flowMod(SwitchOp.Kind.ADD, r, OF10, 1, OptionalInt.empty()), r.toString());
        }
    }

    @Test
    void deleteStrictCarriesNoInstructions() {
        FlowRule r = rules13().toList().get(2);
        OFFlowMod del = (OFFlowMod) roundTrip(FlowModEncoder.flowMod(SwitchOp.Kind.DELETE, r, OF13, 9, OptionalInt.empty()));
        assertEquals(List.of(), del.getInstructions());
        assertEquals(r.match(), MatchTranslator.toCore(del.getMatch()));
        assertEquals(9, del.getXid());
        OFFlowMod del10 = (OFFlowMod) roundTrip(FlowModEncoder.flowMod(SwitchOp.Kind.DELETE, rules10().toList().get(2),
                OF10, 9, OptionalInt.empty()));
        assertEquals(List.of(), del10.getActions());
    }
}
