package io.skylane.southbound.translate;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.translate.LoadBalancerActionsTest.hex;
import static io.skylane.southbound.translate.LoadBalancerActionsTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.OFTestMessages;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupMod;

/**
 * The overlay's tunnel fields against the bytes Open vSwitch 3.1 produces: {@code golden/ovs-tunnel/*.bin}
 * are the FLOW_MODs and the GROUP_MOD {@code ovs-ofctl -O OpenFlow13} sent for the rules of
 * docs/overlay-design.md §2 (captured by {@code lab/overlay-spike/spike.sh golden}, copied from
 * {@code lab/overlay-spike/results-2026-12-07.txt}): VNI 5000 (segment 0x1388), tunnel port 100,
 * remote endpoints 172.31.199.2 and .3. {@code tun_id} is the basic OXM_OF_TUNNEL_ID; {@code tun_src}
 * and {@code tun_dst} are the Nicira NXM_NX_TUN_IPV4_SRC/DST, as OXMs of class 0x0001 in the match
 * and in an ordinary OpenFlow 1.3 set_field.
 *
 * <p>As in {@link LoadBalancerActionsTest}, a FLOW_MOD is compared with OVS's byte for byte except
 * for the order of the OXMs in its match; the GROUP_MOD has no match and is compared whole.
 */
class TunnelFieldsTest {

    static final DeviceId D = DeviceId.of(0xd1);
    static final AppId OVERLAY = AppId.of(14, "overlay");
    static final long COOKIE = OVERLAY.cookie(1);
    static final PortNumber TUNNEL = PortNumber.of(100);
    static final long VNI = 5000;
    static final long SEGMENT_MASK = 0xffffff;
    static final Ip4Address H2 = Ip4Address.parse("172.31.199.2");
    static final Ip4Address H3 = Ip4Address.parse("172.31.199.3");
    static final MacAddress H2_SWITCH = MacAddress.parse("0e:5c:02:00:00:02");

    static FlowRule.Builder base(int table, int priority) {
        return FlowRule.builder().device(D).table(table).priority(priority).cookie(COOKIE);
    }

    /** {@code table=0,priority=3000,in_port=100,tun_id=<vni> actions=write_metadata:<vni>/0xffffff,goto_table:6}. */
    static FlowRule tunnelIn(long vni) {
        return base(0, 3000).match(Match.builder().add(Criterion.inPort(TUNNEL)).add(Criterion.tunnelId(vni)).build())
                .instruction(new Instruction.WriteMetadata(vni, SEGMENT_MASK)).gotoTable(6).build();
    }

    /** The same, only from a registered endpoint: {@code priority=3050,..,tun_src=172.31.199.2}. */
    static FlowRule tunnelInFrom(Ip4Address endpoint) {
        return base(0, 3050).match(Match.builder().add(Criterion.inPort(TUNNEL)).add(Criterion.tunnelId(VNI))
                        .add(Criterion.tunnelSrc(endpoint)).build())
                .instruction(new Instruction.WriteMetadata(VNI, SEGMENT_MASK)).gotoTable(6).build();
    }

    /** {@code table=4,priority=3200,metadata=0x1388/0xffffff,ip,nw_dst=10.0.0.12 actions=set_field:..->eth_dst,set_field:5000->tun_id,goto_table:5}. */
    static FlowRule remotePort() {
        return base(4, 3200).match(Match.builder().add(Criterion.metadata(VNI, SEGMENT_MASK))
                        .add(Criterion.ethType(EthType.IPV4))
                        .add(Criterion.ipv4Dst(Ip4Prefix.of(Ip4Address.parse("10.0.0.12"), 32))).build())
                .apply(Action.setEthDst(H2_SWITCH), Action.setTunnelId(VNI)).gotoTable(5).build();
    }

    /** {@code table=5,priority=3100,dl_dst=<its switch MAC> actions=set_field:172.31.199.2->tun_dst,output:100}. */
    static FlowRule tunnelOut() {
        return base(5, 3100).match(Match.builder().add(Criterion.ethDst(H2_SWITCH)).build())
                .apply(Action.setTunnelDst(H2), Action.output(TUNNEL)).build();
    }

    /** {@code group_id=9,type=all,bucket=output:1,bucket=<vni, .2, output:100>,bucket=<vni, .3, output:100>}. */
    static GroupDescription broadcast() {
        return new GroupDescription(D, 9, GroupDescription.Type.ALL, List.of(
                GroupBucket.all(List.of(Action.output(PortNumber.of(1)))),
                GroupBucket.all(List.of(Action.setTunnelId(VNI), Action.setTunnelDst(H2), Action.output(TUNNEL))),
                GroupBucket.all(List.of(Action.setTunnelId(VNI), Action.setTunnelDst(H3), Action.output(TUNNEL)))),
                OVERLAY.id());
    }

    /** The FLOW_MODs {@code ovs-ofctl} sent (xid 2), by golden file name. */
    static Map<String, FlowRule> ovsFlowMods() {
        Map<String, FlowRule> m = new LinkedHashMap<>();
        m.put("tunnel_in_flow_mod", tunnelIn(VNI));
        m.put("tunnel_in_max_vni_flow_mod", tunnelIn(0xffffff));
        m.put("remote_port_flow_mod", remotePort());
        m.put("tunnel_out_flow_mod", tunnelOut());
        m.put("tunnel_src_match_flow_mod", tunnelInFrom(H2));
        return m;
    }

    static byte[] golden(String name) throws IOException {
        return OvsGoldenFlowMods.golden("ovs-tunnel", name);
    }

    static byte[] encode(FlowRule r) {
        return OvsGoldenFlowMods.encode(r);
    }

    @Test
    void skylaneEncodesTheBytesOvsOfctlSendsUpToTheOrderOfMatchFields() throws Exception {
        OvsGoldenFlowMods.assertEncodeToTheCaptures("ovs-tunnel", ovsFlowMods());
    }

    @Test
    void theTunnelFieldsAloneAreTheBytesOvsWrites() throws Exception {
        // OXM_OF_TUNNEL_ID: class 0x8000, field 38, 8 bytes
        assertEquals("80004c080000000000001388", hex(oxm(Criterion.tunnelId(VNI))));
        // NXM_NX_TUN_IPV4_SRC / _DST: class 0x0001, fields 31 and 32, 4 bytes
        assertEquals("00013e04ac1fc702", hex(oxm(Criterion.tunnelSrc(H2))));
        assertEquals("00014004ac1fc702", hex(oxm(Criterion.tunnelDst(H2))));
        // an OpenFlow 1.3 SET_FIELD (type 25, 16 bytes) holding the NXM field, padded
        assertEquals("001900100001400 4ac1fc70200000000".replace(" ", ""),
                hex(LoadBalancerActionsTest.actionBytes(Action.setTunnelDst(H2))));
        assertEquals("0019001080004c080000000000001388",
                hex(LoadBalancerActionsTest.actionBytes(Action.setTunnelId(VNI))));
        // and the golden match of tunnel_src_match_flow_mod is in OVS's order already: in_port, tun_id, tun_src
        assertTrue(hex(golden("tunnel_src_match_flow_mod.bin")).contains(
                "8000000400000064" + "80004c080000000000001388" + "00013e04ac1fc702"));
        assertTrue(hex(encode(tunnelInFrom(H2))).contains(
                "8000000400000064" + "80004c080000000000001388" + "00013e04ac1fc702"));
    }

    @Test
    void skylaneEncodesTheBroadcastGroupByteForByte() throws Exception {
        assertEquals(hex(golden("broadcast_group_mod.bin")),
                hex(OFTestMessages.bytes(GroupTranslator.groupMod(SwitchOp.Kind.ADD, broadcast(), OF13, 2))));
    }

    @Test
    void ovsFlowModsDecodeToTheCoreRulesAndWriteBackTheSameFlowMod() throws Exception {
        OvsGoldenFlowMods.assertCapturesDecodeAndWriteBack("ovs-tunnel", ovsFlowMods());
    }

    /**
     * What the audit reads: a FLOW_STATS reply whose entries carry OVS's own match and instructions
     * (the golden FLOW_MODs') decodes to the desired rules, so the audit keeps them.
     */
    @Test
    void flowStatsOfOvsRulesDecodeToTheDesiredRulesSoTheAuditKeepsThem() throws Exception {
        OvsGoldenFlowMods.assertFlowStatsDecode("ovs-tunnel", ovsFlowMods(), D);
    }

    @Test
    void theOvsGroupModDecodesToTheCoreGroup() throws Exception {
        OFGroupMod mod = (OFGroupMod) read(golden("broadcast_group_mod.bin"));
        OFGroupDescStatsEntry desc = OF13.buildGroupDescStatsEntry().setGroup(mod.getGroup())
                .setGroupType(mod.getGroupType()).setBuckets(mod.getBuckets()).build();
        GroupDescription g = broadcast();
        assertEquals(new GroupDescription(D, g.groupId(), g.type(), g.buckets(), 0), GroupTranslator.toCore(desc, D));
    }

    @Test
    void tunnelFieldsRoundTripWhereverTheyGo() {
        FlowRule r = base(3, 7).match(Match.builder().add(Criterion.inPort(TUNNEL))
                        .add(new Criterion.NumberField(Criterion.Type.TUNNEL_ID, 0x1300, 0xff00))
                        .add(Criterion.tunnelSrc(H3)).add(Criterion.tunnelDst(H2)).build())
                .instruction(new Instruction.WriteActions(List.of(Action.setTunnelId(0xffffff), Action.setTunnelDst(H3),
                        Action.output(TUNNEL)))).build();
        assertEquals(r, FlowRoundTripTest.decodeAfterWire(r, OF13));
    }

    @Test
    void tunnelEndpointsAreExactAndOpenFlow13Only() {
        assertThrows(IllegalArgumentException.class, () -> new Criterion.Ip4Field(Criterion.Type.TUN_IPV4_SRC,
                Ip4Prefix.parse("172.31.0.0/16")));
        assertThrows(IllegalArgumentException.class, () -> new Criterion.NumberField(Criterion.Type.TUN_IPV4_DST, 1,
                0xffffffffL));
        for (FlowRule r : List.of(
                base(0, 1).match(Match.builder().add(Criterion.tunnelSrc(H2)).build()).build(),
                base(0, 1).apply(Action.setTunnelDst(H2), Action.output(TUNNEL)).build(),
                base(0, 1).apply(Action.setTunnelId(VNI), Action.output(TUNNEL)).build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FlowModEncoder.flowMod(SwitchOp.Kind.ADD, r, OF10, 1, OptionalInt.empty()), r.toString());
            assertTrue(e.getMessage().contains("OpenFlow 1.0") || e.getMessage().contains("this OpenFlow version"),
                    e.getMessage());
        }
    }

    private static byte[] oxm(Criterion c) {
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
        MatchTranslator.toOxm(c, OF13).writeTo(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }
}
