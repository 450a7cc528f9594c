package io.skylane.southbound.translate;

import static io.skylane.southbound.translate.LoadBalancerActionsTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fabric mode's rules (docs/overlay-design.md, fabric mode: segments beyond 4,094 carried as an MPLS
 * label or as two stacked VLAN tags) against the bytes Open vSwitch 3.1 produces:
 * {@code golden/ovs-fabric/*.bin} are the FLOW_MODs {@code ovs-ofctl -O OpenFlow13} sent, copied from
 * {@code lab/overlay-spike/results-2026-12-07.txt} (segment 70000 = 0x11170, fabric port 10, the remote
 * switch's MAC 0e:5c:02:00:00:02). The QinQ rule carries the segment's low 12 bits (368) in the inner
 * 802.1Q tag and its high bits (17) in the outer 802.1ad tag, each set by an ordinary set_field vlan_vid
 * right after its push_vlan.
 *
 * <p>As in {@link TunnelFieldsTest}, a FLOW_MOD is compared with OVS's byte for byte except for the
 * order of the OXMs in its match.
 */
class FabricEncodingTest {

    static final long SEGMENT = 70000;
    static final long SEGMENT_MASK = 0xffffff;
    static final PortNumber FABRIC = PortNumber.of(10);
    static final MacAddress LOCAL_SWITCH = MacAddress.parse("0e:5c:02:00:00:01");
    static final MacAddress REMOTE_SWITCH = MacAddress.parse("0e:5c:02:00:00:02");

    static FlowRule.Builder base(int table, int priority) {
        return TunnelFieldsTest.base(table, priority);
    }

    static Match remotePortMatch() {
        return Match.builder().add(Criterion.metadata(SEGMENT, SEGMENT_MASK)).add(Criterion.ethType(EthType.IPV4))
                .add(Criterion.ipv4Dst(Ip4Prefix.of(Ip4Address.parse("10.0.0.12"), 32))).build();
    }

    /** {@code table=4,priority=3200,ip,metadata=0x11170/0xffffff,nw_dst=10.0.0.12 actions=set_field:..->eth_dst,push_mpls:0x8847,set_field:70000->mpls_label,goto_table:5}. */
    static FlowRule mplsPush() {
        return base(4, 3200).match(remotePortMatch())
                .apply(Action.setEthDst(REMOTE_SWITCH), new Action.PushMpls(EthType.MPLS_UNICAST),
                        Action.setField(Criterion.Type.MPLS_LABEL, SEGMENT))
                .gotoTable(5).build();
    }

    /** {@code priority=3000,mpls,in_port=10,dl_dst=<this switch>,mpls_label=70000 actions=pop_mpls:0x0800,write_metadata:0x11170/0xffffff,goto_table:6}. */
    static FlowRule mplsPop() {
        return base(0, 3000).match(Match.builder().add(Criterion.inPort(FABRIC)).add(Criterion.ethDst(LOCAL_SWITCH))
                        .add(Criterion.ethType(EthType.MPLS_UNICAST)).add(Criterion.exact(Criterion.Type.MPLS_LABEL, SEGMENT))
                        .build())
                .apply(new Action.PopMpls(EthType.IPV4))
                .instruction(new Instruction.WriteMetadata(SEGMENT, SEGMENT_MASK)).gotoTable(6).build();
    }

    /** {@code table=4,..,actions=set_field:..->eth_dst,push_vlan:0x8100,set_field:4464->vlan_vid,push_vlan:0x88a8,set_field:4113->vlan_vid,goto_table:5}. */
    static FlowRule qinqPush() {
        return base(4, 3200).match(remotePortMatch())
                .apply(Action.setEthDst(REMOTE_SWITCH),
                        new Action.PushVlan(EthType.VLAN), new Action.SetField(Criterion.vlan(VlanId.of(368))),
                        new Action.PushVlan(EthType.QINQ), new Action.SetField(Criterion.vlan(VlanId.of(17))))
                .gotoTable(5).build();
    }

    /** The FLOW_MODs {@code ovs-ofctl} sent (xid 2), by golden file name. */
    static Map<String, FlowRule> ovsFlowMods() {
        Map<String, FlowRule> m = new LinkedHashMap<>();
        m.put("mpls_push_flow_mod", mplsPush());
        m.put("mpls_pop_flow_mod", mplsPop());
        m.put("qinq_push_flow_mod", qinqPush());
        return m;
    }

    static byte[] golden(String name) throws IOException {
        return OvsGoldenFlowMods.golden("ovs-fabric", name);
    }

    static byte[] encode(FlowRule r) {
        return OvsGoldenFlowMods.encode(r);
    }

    @Test
    void skylaneEncodesTheBytesOvsOfctlSendsUpToTheOrderOfMatchFields() throws Exception {
        OvsGoldenFlowMods.assertEncodeToTheCaptures("ovs-fabric", ovsFlowMods());
    }

    @Test
    void theFabricActionsAloneAreTheBytesOvsWrites() {
        // OFPAT_PUSH_MPLS (type 19, 8 bytes) with ethertype 0x8847
        assertEquals("0013000888470000", hex(LoadBalancerActionsTest.actionBytes(new Action.PushMpls(EthType.MPLS_UNICAST))));
        // a SET_FIELD holding OXM_OF_MPLS_LABEL (class 0x8000, field 34, 4 bytes)
        assertEquals("00190010" + "8000440400011170" + "00000000",
                hex(LoadBalancerActionsTest.actionBytes(Action.setField(Criterion.Type.MPLS_LABEL, SEGMENT))));
        // OFPAT_POP_MPLS (type 20) with the payload's ethertype
        assertEquals("0014000808000000", hex(LoadBalancerActionsTest.actionBytes(new Action.PopMpls(EthType.IPV4))));
        // OFPAT_PUSH_VLAN (type 17) with 0x88a8, and a set_field vlan_vid with the OFPVID_PRESENT bit
        assertEquals("0011000888a80000", hex(LoadBalancerActionsTest.actionBytes(new Action.PushVlan(EthType.QINQ))));
        assertEquals("00190010" + "80000c021011" + "000000000000",
                hex(LoadBalancerActionsTest.actionBytes(new Action.SetField(Criterion.vlan(VlanId.of(17))))));
    }

    @Test
    void ovsFlowModsDecodeToTheCoreRulesAndWriteBackTheSameFlowMod() throws Exception {
        OvsGoldenFlowMods.assertCapturesDecodeAndWriteBack("ovs-fabric", ovsFlowMods());
    }

    /** What the audit reads: a FLOW_STATS reply carrying OVS's own match and instructions decodes to the desired rules. */
    @Test
    void flowStatsOfOvsRulesDecodeToTheDesiredRulesSoTheAuditKeepsThem() throws Exception {
        OvsGoldenFlowMods.assertFlowStatsDecode("ovs-fabric", ovsFlowMods(), TunnelFieldsTest.D);
    }
}
