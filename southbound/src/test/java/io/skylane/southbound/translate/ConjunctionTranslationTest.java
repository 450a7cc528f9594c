package io.skylane.southbound.translate;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.translate.LoadBalancerActionsTest.actionBytes;
import static io.skylane.southbound.translate.LoadBalancerActionsTest.hex;
import static io.skylane.southbound.translate.LoadBalancerActionsTest.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.OFTestMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Open vSwitch's conjunctive matches, {@code conjunction(id,k/n)} (NXAST_CONJUNCTION) and {@code
 * conj_id} (NXM_NX_CONJ_ID), neither of which openflowj has, against the bytes Open vSwitch 3.1
 * produces: {@code golden/ovs-conj/*.bin} were captured from {@code ovs-ofctl -O OpenFlow13
 * add-flow} and from the bridge's flow statistics (see {@code src/test/ovs/README.md}). The rules
 * are a security group's as table 8 holds them with conjunctions (docs/pipeline.md): segment 100,
 * a remote group member 10.0.0.11 (clause 1 of two conjunctions), the port 0a:00:00:00:00:12 on
 * switch port 3 with TCP 22 (clause 2), and the conjunction's own rule.
 */
public class ConjunctionTranslationTest {

    static final DeviceId D = DeviceId.of(0xd1);
    static final long COOKIE = 0x0003000000000042L;
    static final long ID = 229376;
    static final long OTHER_ID = 262144;

    static FlowRule.Builder base() {
        return FlowRule.builder().device(D).table(8).priority(3300).cookie(COOKIE);
    }

    static Match.Builder newIp() {
        return Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.metadata(100, 0xffffff))
                .add(Criterion.ctState(Criterion.CT_TRK | Criterion.CT_NEW, Criterion.CT_INV));
    }

    /** {@code ip,metadata=0x64/0xffffff,ct_state=+trk+new-inv,nw_src=10.0.0.11,actions=conjunction(229376,1/2),conjunction(262144,1/2)} */
    static FlowRule addresses() {
        return base().match(newIp().add(Criterion.ipv4Src(Ip4Prefix.of(Ip4Address.parse("10.0.0.11"), 32))).build())
                .apply(Action.conjunction(ID, 1, 2), Action.conjunction(OTHER_ID, 1, 2)).build();
    }

    /** {@code tcp,metadata=0x64/0xffffff,dl_dst=0a:00:00:00:00:12,ct_state=+trk+new-inv,tp_dst=22,actions=conjunction(229376,2/2)} */
    static FlowRule port() {
        return base().match(newIp().add(Criterion.ethDst(MacAddress.parse("0a:00:00:00:00:12")))
                        .add(Criterion.ipProto(IpProtocol.TCP)).add(Criterion.exact(Criterion.Type.TCP_DST, 22)).build())
                .apply(Action.conjunction(ID, 2, 2)).build();
    }

    /** {@code conj_id=229376,ip,actions=ct(commit,zone=3),goto_table:9} */
    static FlowRule conjunction() {
        return base().match(Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.conjId(ID)).build())
                .apply(Action.ctCommit(3)).gotoTable(9).build();
    }

    /** The FLOW_MODs {@code ovs-ofctl} sent (xid 2), by golden file name, in capture (and reply) order. */
    public static Map<String, FlowRule> ovsFlowMods() {
        Map<String, FlowRule> m = new LinkedHashMap<>();
        m.put("conj_addresses_flow_mod", addresses());
        m.put("conj_port_flow_mod", port());
        m.put("conj_id_flow_mod", conjunction());
        return m;
    }

    public static byte[] golden(String name) throws IOException {
        return OvsGoldenFlowMods.golden("ovs-conj", name);
    }

    @Test
    void skylaneEncodesTheBytesOvsOfctlSendsUpToTheOrderOfMatchFields() throws Exception {
        // through openflowj (NxConjIdMatch, NxConjunctionAction) and written directly (OxmWriter, FlowModWriter)
        OvsGoldenFlowMods.assertEncodeToTheCaptures("ovs-conj", ovsFlowMods());
    }

    @Test
    void theActionAndTheFieldAreTheBytesOvsWrites() throws Exception {
        // experimenter 0x2320, subtype 34, clause k-1, n_clauses, id
        assertEquals("ffff0010000023200022000200038000", hex(actionBytes(Action.conjunction(ID, 1, 2))));
        assertEquals("ffff00100000232000223f40ffffffff", hex(actionBytes(Action.conjunction(0xffffffffL, 64, 64))));
        // NXM_NX_CONJ_ID: class 0x0001, field 37, 4 bytes
        assertTrue(hex(golden("conj_id_flow_mod.bin")).contains("00014a0400038000"));
        assertTrue(hex(OvsGoldenFlowMods.encodeDirect(conjunction())).contains("00014a0400038000"));
    }

    @Test
    void ovsFlowModsDecodeToTheCoreRulesAndWriteBackTheSameFlowMod() throws Exception {
        OvsGoldenFlowMods.assertCapturesDecodeAndWriteBack("ovs-conj", ovsFlowMods());
        OvsGoldenFlowMods.assertFlowStatsDecode("ovs-conj", ovsFlowMods(), D);
    }

    @Test
    void ovsFlowStatsReplyDecodesToTheDesiredRulesSoTheAuditKeepsThem() throws Exception {
        byte[] bytes = golden("conj_flow_stats_reply.bin");
        OFFlowStatsReply reply = (OFFlowStatsReply) read(bytes);
        List<FlowRule> decoded = new ArrayList<>();
        for (OFFlowStatsEntry e : reply.getEntries()) {
            decoded.add(FlowStatsDecoder.toCore(e, D).rule());
        }
        assertEquals(List.copyOf(ovsFlowMods().values()), decoded);
        byte[] again = OFTestMessages.bytes(reply);
        assertEquals(bytes.length, again.length, "re-encoded length");
        List<FlowRule> reread = new ArrayList<>();
        for (OFFlowStatsEntry e : ((OFFlowStatsReply) read(again)).getEntries()) {
            reread.add(FlowStatsDecoder.toCore(e, D).rule());
        }
        assertEquals(decoded, reread);
    }

    @Test
    void conjunctiveRulesRoundTrip() {
        List<FlowRule> rules = List.of(addresses(), port(), conjunction(),
                base().match(Match.builder().add(Criterion.conjId(0xffffffffL)).build()).gotoTable(9).build(),
                base().match(Match.builder().add(Criterion.conjId(0)).build()).build(),
                base().match(Match.ALL).apply(Action.conjunction(0, 1, 64), Action.conjunction(0xffffffffL, 64, 64),
                        Action.conjunction(7, 2, 3)).build());
        for (FlowRule r : rules) {
            assertEquals(r, FlowRoundTripTest.decodeAfterWire(r, OF13), r.toString());
            assertArrayEquals(OvsGoldenFlowMods.encode(r), OvsGoldenFlowMods.encodeDirect(r), r.toString());
        }
    }

    @Test
    void aConjunctionOpenVSwitchWouldRefuseIsUndecodableAndTheRestOfTheReplyStillReads() throws Exception {
        // one clause; clause 3 of 2 (k-1 = 2)
        for (OFAction a : List.of(new NxConjunctionAction(0, 1, 5), new NxConjunctionAction(2, 2, 5))) {
            byte[] bytes = OFTestMessages.bytes(OF13.buildFlowStatsReply().setEntries(List.of(entryWith(a),
                    entryWith(NxConjunctionAction.of((Action.Conjunction) Action.conjunction(5, 1, 2))))).build());
            OFFlowStatsReply reply = (OFFlowStatsReply) read(bytes);
            assertEquals(a, ((OFInstructionApplyActions) reply.getEntries().get(0).getInstructions().get(0))
                    .getActions().get(0));
            assertThrows(UndecodableException.class, () -> FlowStatsDecoder.toCore(reply.getEntries().get(0), D),
                    a.toString());
            assertEquals(List.of(Action.conjunction(5, 1, 2)),
                    FlowStatsDecoder.toCore(reply.getEntries().get(1), D).rule().applyActions());
            assertArrayEquals(bytes, OFTestMessages.bytes(reply));
        }
    }

    @Test
    void openFlow10HasNeither() {
        FlowRule clause = FlowRule.builder().device(D).priority(1).cookie(COOKIE)
                .match(Match.builder().add(Criterion.ethType(EthType.IPV4)).build())
                .apply(Action.conjunction(ID, 1, 2)).build();
        FlowRule conjId = clause.toBuilder().match(Match.builder().add(Criterion.conjId(ID)).build())
                .instructions(List.of()).build();
        for (FlowRule r : List.of(clause, conjId)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FlowModEncoder.flowMod(SwitchOp.Kind.ADD, r, OF10, 1, OptionalInt.empty()), r.toString());
            assertTrue(e.getMessage().contains("OpenFlow 1.0") || e.getMessage().contains("no OpenFlow field"),
                    e.getMessage());
        }
    }

    private static OFFlowStatsEntry entryWith(OFAction a) {
        return OF13.buildFlowStatsEntry().setMatch(MatchTranslator.toOpenFlow(Match.builder()
                        .add(Criterion.ethType(EthType.IPV4)).add(Criterion.conjId(9)).build(), OF13))
                .setTableId(TableId.of(1)).setCookie(U64.of(COOKIE)).setPriority(1)
                .setInstructions(List.of(OF13.instructions().applyActions(List.of(a)))).build();
    }
}
