package io.skylane.southbound.translate;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Match;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv6Address;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.VlanVid;

/** What switches report that our encoder would never produce, and how it decodes. */
class MatchAndActionDecodingTest {

    /** A match as a switch would send it: OXMs exactly as given, masks included. */
    static org.projectfloodlight.openflow.protocol.match.Match wire13(org.projectfloodlight.openflow.protocol.oxm.OFOxm<?>... oxms) {
        org.projectfloodlight.openflow.protocol.match.Match m = OF13.buildMatchV3().setOxmList(OFOxmList.of(oxms)).build();
        return ((OFFlowAdd) roundTrip(OF13.buildFlowAdd().setMatch(m).build())).getMatch();
    }

    @Test
    void fullMasksDecodeToExactCriteria() {
        org.projectfloodlight.openflow.protocol.match.Match m = wire13(
                OF13.oxms().buildEthDstMasked().setValue(org.projectfloodlight.openflow.types.MacAddress.of(5L))
                        .setMask(org.projectfloodlight.openflow.types.MacAddress.NO_MASK).build(),
                OF13.oxms().ethType(org.projectfloodlight.openflow.types.EthType.IPv4),
                OF13.oxms().buildIpv4SrcMasked().setValue(IPv4Address.of("10.0.0.7")).setMask(IPv4Address.NO_MASK).build(),
                OF13.oxms().buildIpv4DstMasked().setValue(IPv4Address.of("10.1.2.3"))
                        .setMask(IPv4Address.of("255.255.0.0")).build());
        assertEquals(Match.builder().add(Criterion.ethDst(MacAddress.of(5L))).add(Criterion.ethType(EthType.IPV4))
                .add(Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.7/32")))
                .add(Criterion.ipv4Dst(Ip4Prefix.parse("10.1.0.0/16"))).build(), MatchTranslator.toCore(m));
    }

    @Test
    void vlanPresentBitAndNone() {
        assertEquals(Match.builder().add(Criterion.vlan(VlanId.of(42))).build(), MatchTranslator.toCore(
                wire13(OF13.oxms().vlanVid(OFVlanVidMatch.ofRawVid((short) (0x1000 | 42))))));
        assertEquals(Match.builder().add(Criterion.vlan(VlanId.NONE)).build(), MatchTranslator.toCore(
                wire13(OF13.oxms().vlanVid(OFVlanVidMatch.NONE))));
        // "any tagged frame" (present bit masked) has no core criterion
        assertThrows(UndecodableException.class, () -> MatchTranslator.toCore(wire13(OF13.oxms().buildVlanVidMasked()
                .setValue(OFVlanVidMatch.PRESENT).setMask(OFVlanVidMatch.PRESENT).build())));
    }

    @Test
    void noFieldOfTheSwitchsMatchIsLeftOut() {
        // openflowj's getMatchFields() skips fields whose prerequisites it finds unmet: these decoded
        // to a wider rule (tcp_dst dropped: every packet) or lost the tunnel endpoint
        assertThrows(UndecodableException.class, () -> MatchTranslator.toCore(wire13(
                OF13.oxms().tcpDst(org.projectfloodlight.openflow.types.TransportPort.of(80)))));
        assertEquals(Match.builder().add(Criterion.tunnelSrc(io.skylane.core.net.Ip4Address.parse("172.31.199.2")))
                .build(), MatchTranslator.toCore(wire13(OF13.oxms().tunnelIpv4Src(IPv4Address.of("172.31.199.2")))));
        // Open vSwitch can mask tun_src; the core keeps endpoints exact
        assertThrows(UndecodableException.class, () -> MatchTranslator.toCore(wire13(OF13.oxms().buildTunnelIpv4SrcMasked()
                .setValue(IPv4Address.of("172.31.0.0")).setMask(IPv4Address.of("255.255.0.0")).build())));
    }

    @Test
    void whatTheCoreCannotExpressIsUndecodable() {
        assertThrows(UndecodableException.class, () -> MatchTranslator.toCore(wire13(
                OF13.oxms().ethType(org.projectfloodlight.openflow.types.EthType.IPv4),
                OF13.oxms().buildIpv4SrcMasked().setValue(IPv4Address.of("10.0.0.0"))
                        .setMask(IPv4Address.of("255.0.255.0")).build())));
        assertThrows(UndecodableException.class, () -> MatchTranslator.toCore(wire13(
                OF13.oxms().ethType(org.projectfloodlight.openflow.types.EthType.IPv6),
                OF13.oxms().ipv6Src(IPv6Address.of("::1")))));
        assertThrows(UndecodableException.class, () -> ActionTranslator.toCore(
                List.of(OF13.actions().setQueue(1)), -1));
    }

    @Test
    void controllerOutputWithNoBufferDecodesToTheCoreConstant() {
        OFAction out = OF13.actions().output(OFPort.CONTROLLER, 0xffff);
        assertEquals(List.of(Action.toController()), ActionTranslator.toCore(List.of(out), -1));
        // a max_len on a normal port carries no meaning and is dropped
        assertEquals(List.of(Action.output(PortNumber.of(3))),
                ActionTranslator.toCore(List.of(OF13.actions().output(OFPort.of(3), 128)), -1));
    }

    @Test
    void vlanSetFieldWithOrWithoutPresentBit() {
        assertEquals(Action.setVlan(VlanId.of(7)), ActionTranslator.toCore(OF13.actions().setField(
                OF13.oxms().vlanVid(OFVlanVidMatch.ofRawVid((short) 7))), -1));
        assertEquals(Action.setVlan(VlanId.of(7)), ActionTranslator.toCore(OF13.actions().setField(
                OF13.oxms().vlanVid(OFVlanVidMatch.ofVlan(7))), -1));
        // and we always send it with the present bit, as the spec asks
        OFAction sent = ActionTranslator.toOpenFlow(Action.setVlan(VlanId.of(7)), OF13);
        assertEquals(0x1007, ((OFVlanVidMatch) ((org.projectfloodlight.openflow.protocol.action.OFActionSetField) sent)
                .getField().getValue()).getRawVid());
    }

    @Test
    void openFlow10ActionsMapBothWays() {
        assertEquals(OF10.actions().setVlanVid(VlanVid.ofVlan(5)), ActionTranslator.toOpenFlow(Action.setVlan(VlanId.of(5)), OF10));
        assertEquals(OF10.actions().stripVlan(), ActionTranslator.toOpenFlow(new Action.PopVlan(), OF10));
        assertEquals(OF10.actions().setNwTos((short) (46 << 2)),
                ActionTranslator.toOpenFlow(Action.setField(Criterion.Type.IP_DSCP, 46), OF10));
        assertEquals(Action.setField(Criterion.Type.TCP_SRC, 80),
                ActionTranslator.toCore(OF10.actions().setTpSrc(org.projectfloodlight.openflow.types.TransportPort.of(80)), -1));
        assertEquals(Action.setField(Criterion.Type.UDP_SRC, 80),
                ActionTranslator.toCore(OF10.actions().setTpSrc(org.projectfloodlight.openflow.types.TransportPort.of(80)), 17));
    }

    @Test
    void reservedPortsMapTo16BitsInOpenFlow10() {
        byte[] b = io.skylane.southbound.OFTestMessages.bytes(OF10.buildPacketOut()
                .setInPort(PortTranslator.toOpenFlow(PortNumber.CONTROLLER, org.projectfloodlight.openflow.protocol.OFVersion.OF_10))
                .setActions(ActionTranslator.toOpenFlow(List.of(Action.output(PortNumber.FLOOD)), OF10)).build());
        // ofp_packet_out 1.0: header(8) buffer_id(4) in_port(2) ...; output action port at 8+8+4
        assertEquals(0xfffd, ((b[12] & 0xff) << 8) | (b[13] & 0xff));
        assertEquals(0xfffb, ((b[20] & 0xff) << 8) | (b[21] & 0xff));
        assertEquals(PortNumber.FLOOD, PortTranslator.toCore(OFPort.ofShort((short) 0xfffb)));
        assertThrows(IllegalArgumentException.class, () -> PortTranslator.toOpenFlow(PortNumber.of(0xff00),
                org.projectfloodlight.openflow.protocol.OFVersion.OF_10));
        assertEquals(OFPort.of(0xff00), PortTranslator.toOpenFlow(PortNumber.of(0xff00),
                org.projectfloodlight.openflow.protocol.OFVersion.OF_13));
    }

    @Test
    void matchWithoutInPortForOf10MatchUsesWildcards() {
        org.projectfloodlight.openflow.protocol.match.Match m = MatchTranslator.toOpenFlow(
                Match.builder().add(Criterion.ethType(EthType.IPV4)).build(), OF10);
        assertEquals(false, m.supports(MatchField.METADATA));
        assertEquals(Match.builder().add(Criterion.ethType(EthType.IPV4)).build(), MatchTranslator.toCore(m));
    }
}
