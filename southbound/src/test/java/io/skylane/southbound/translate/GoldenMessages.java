package io.skylane.southbound.translate;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.OFTestMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The messages behind {@code src/test/resources/golden/of13/*.bin} and {@code of10/*.bin}, built
 * with openflowj. {@link #main} wrote the files once; the test checks that they still decode to
 * these messages and re-encode to the same bytes.
 */
public final class GoldenMessages {

    static final DeviceId DPID = DeviceId.of(0x00000000000000d1L);
    static final byte[] ARP_FRAME = arpFrame();

    private GoldenMessages() {
    }

    static FlowRule rule() {
        return FlowRule.builder().device(DPID).priority(100).cookie(AppId.of(2, "l2").cookie(5)).idleTimeout(60)
                .match(Match.builder().add(Criterion.inPort(PortNumber.of(1))).add(Criterion.ethDst(
                        MacAddress.parse("0a:00:00:00:00:02"))).add(Criterion.ethType(EthType.IPV4)).build())
                .apply(Action.output(PortNumber.of(2))).notifyRemoval(true).build();
    }

    static Map<String, OFMessage> of13() {
        OFFactory f = OF13;
        Map<String, OFMessage> m = new LinkedHashMap<>();
        m.put("hello", OFTestMessages.helloWithBitmap(f, 1, 4));
        m.put("features_request", f.buildFeaturesRequest().setXid(2).build());
        m.put("features_reply", f.buildFeaturesReply().setXid(2).setDatapathId(DatapathId.of(DPID.dpid()))
                .setNBuffers(256).setNTables((short) 254).build());
        m.put("port_desc_request", StatsRequests.portDesc(f, 3));
        m.put("port_desc_reply", f.buildPortDescStatsReply().setXid(3).setEntries(List.of(
                OFTestMessages.port(f, 1), OFTestMessages.port(f, 2))).build());
        m.put("set_config", f.buildSetConfig().setXid(4).setMissSendLen(0xffff).build());
        m.put("packet_in", f.buildPacketIn().setXid(0).setBufferId(OFBufferId.NO_BUFFER).setTotalLen(ARP_FRAME.length)
                .setReason(OFPacketInReason.NO_MATCH).setTableId(TableId.of(0)).setCookie(U64.ZERO)
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build()).setData(ARP_FRAME).build());
        m.put("packet_out", PacketTranslator.toOpenFlow(io.skylane.core.packet.OutboundPacket.of(DPID,
                List.of(Action.output(PortNumber.FLOOD)), ARP_FRAME), f, 5));
        m.put("flow_mod_add", FlowModEncoder.flowMod(SwitchOp.Kind.ADD, rule(), f, 6, OptionalInt.empty()));
        m.put("flow_mod_delete_strict", FlowModEncoder.flowMod(SwitchOp.Kind.DELETE, rule(), f, 7, OptionalInt.empty()));
        m.put("barrier_request", f.buildBarrierRequest().setXid(8).build());
        m.put("barrier_reply", f.buildBarrierReply().setXid(8).build());
        m.put("flow_removed", f.buildFlowRemoved().setXid(0).setCookie(U64.of(rule().cookie())).setPriority(100)
                .setReason(OFFlowRemovedReason.IDLE_TIMEOUT).setTableId(TableId.of(0)).setDurationSec(61)
                .setIdleTimeout(60).setPacketCount(U64.of(10)).setByteCount(U64.of(980))
                .setMatch(MatchTranslator.toOpenFlow(rule().match(), f)).build());
        m.put("port_status", f.buildPortStatus().setXid(0).setReason(OFPortReason.MODIFY)
                .setDesc(OFTestMessages.port(f, 2, Set.of(), Set.of(OFPortState.LINK_DOWN))).build());
        m.put("error_flow_mod_failed", f.errorMsgs().buildFlowModFailedErrorMsg().setXid(6)
                .setCode(OFFlowModFailedCode.TABLE_FULL).setData(OFErrorCauseData.of(
                        OFTestMessages.bytes(m.get("flow_mod_add")), OFVersion.OF_13)).build());
        m.put("echo_request", f.buildEchoRequest().setXid(9).setData(new byte[] {1, 2, 3, 4}).build());
        m.put("flow_stats_request", StatsRequests.flows(f, 10));
        return m;
    }

    static Map<String, OFMessage> of10() {
        OFFactory f = OF10;
        Map<String, OFMessage> m = new LinkedHashMap<>();
        m.put("hello", OFTestMessages.plainHello(f));
        m.put("features_reply", f.buildFeaturesReply().setXid(2).setDatapathId(DatapathId.of(DPID.dpid()))
                .setNBuffers(256).setNTables((short) 1).setPorts(List.of(OFTestMessages.port(f, 1),
                        OFTestMessages.port(f, 2))).build());
        m.put("set_config", f.buildSetConfig().setXid(4).setMissSendLen(0xffff).build());
        m.put("packet_in", f.buildPacketIn().setXid(0).setBufferId(OFBufferId.of(300)).setTotalLen(ARP_FRAME.length)
                .setInPort(OFPort.of(1)).setReason(OFPacketInReason.NO_MATCH).setData(ARP_FRAME).build());
        m.put("packet_out", PacketTranslator.toOpenFlow(new io.skylane.core.packet.OutboundPacket(DPID, PortNumber.of(1),
                OptionalInt.of(300), List.of(Action.output(PortNumber.of(2))), new byte[0]), f, 5));
        m.put("flow_mod_add", FlowModEncoder.flowMod(SwitchOp.Kind.ADD, rule(), f, 6, OptionalInt.of(300)));
        m.put("flow_removed", f.buildFlowRemoved().setXid(0).setCookie(U64.of(rule().cookie())).setPriority(100)
                .setReason(OFFlowRemovedReason.IDLE_TIMEOUT).setDurationSec(61).setIdleTimeout(60)
                .setPacketCount(U64.of(10)).setByteCount(U64.of(980))
                .setMatch(MatchTranslator.toOpenFlow(rule().match(), f)).build());
        m.put("port_status", f.buildPortStatus().setXid(0).setReason(OFPortReason.ADD)
                .setDesc(OFTestMessages.port(f, 3)).build());
        m.put("barrier_request", f.buildBarrierRequest().setXid(8).build());
        m.put("flow_stats_request", StatsRequests.flows(f, 10));
        return m;
    }

    static Map<String, OFMessage> forVersion(String dir) {
        return dir.equals("of13") ? of13() : of10();
    }

    private static byte[] arpFrame() {
        byte[] frame = io.skylane.core.packet.Ethernet.build(MacAddress.BROADCAST, MacAddress.parse("0a:00:00:00:00:01"),
                io.skylane.core.net.VlanId.NONE, EthType.ARP, new io.skylane.core.packet.Arp(1,
                        MacAddress.parse("0a:00:00:00:00:01"), io.skylane.core.net.Ip4Address.parse("10.0.0.1"),
                        MacAddress.ZERO, io.skylane.core.net.Ip4Address.parse("10.0.0.2")).toBytes());
        return frame;
    }

    /** Writes the golden files: {@code java ... GoldenMessages southbound/src/test/resources/golden}. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/golden");
        for (String dir : List.of("of13", "of10")) {
            Files.createDirectories(root.resolve(dir));
            for (Map.Entry<String, OFMessage> e : forVersion(dir).entrySet()) {
                Files.write(root.resolve(dir).resolve(e.getKey() + ".bin"), OFTestMessages.bytes(e.getValue()));
            }
        }
    }
}
