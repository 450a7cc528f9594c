package io.skylane.southbound.translate;

import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.translate.LoadBalancerActionsTest.assertSameFlowMod;
import static io.skylane.southbound.translate.LoadBalancerActionsTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.OFTestMessages;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.types.U64;

/**
 * The checks every set of FLOW_MODs captured from {@code ovs-ofctl} (under
 * {@code src/test/resources/golden/<dir>/<name>.bin}, xid 2) goes through: Skylane encodes the
 * core rules to them up to the order of match fields, they decode to the core rules and write
 * back the same, and a FLOW_STATS reply carrying them decodes to the rules, so the audit keeps them.
 */
final class OvsGoldenFlowMods {

    private OvsGoldenFlowMods() {
    }

    static byte[] golden(String dir, String name) throws IOException {
        try (InputStream in = OvsGoldenFlowMods.class.getResourceAsStream("/golden/" + dir + "/" + name)) {
            assertNotNull(in, "missing golden file " + dir + "/" + name);
            return in.readAllBytes();
        }
    }

    /** The FLOW_MOD (ADD, OpenFlow 1.3, xid 2, as ovs-ofctl sends) Skylane writes for {@code r}. */
    static byte[] encode(FlowRule r) {
        return OFTestMessages.bytes(FlowModEncoder.flowMod(SwitchOp.Kind.ADD, r, OF13, 2, OptionalInt.empty()));
    }

    /** The same FLOW_MOD as the batches write it, straight from the rule ({@link FlowModWriter}). */
    static byte[] encodeDirect(FlowRule r) {
        ByteBuf b = Unpooled.buffer();
        FlowModWriter.write(SwitchOp.Kind.ADD, r, OF13, 2, b);
        return ByteBufUtil.getBytes(b);
    }

    /** Each rule encodes to its capture, up to the order of match fields, through openflowj and directly. */
    static void assertEncodeToTheCaptures(String dir, Map<String, FlowRule> rules) throws IOException {
        for (Map.Entry<String, FlowRule> e : rules.entrySet()) {
            byte[] capture = golden(dir, e.getKey() + ".bin");
            assertSameFlowMod(capture, encode(e.getValue()), e.getKey());
            assertSameFlowMod(capture, encodeDirect(e.getValue()), "written directly: " + e.getKey());
        }
    }

    /** Each capture decodes to its rule's match and instructions, and writes back the same FLOW_MOD. */
    static void assertCapturesDecodeAndWriteBack(String dir, Map<String, FlowRule> rules) throws Exception {
        for (Map.Entry<String, FlowRule> e : rules.entrySet()) {
            byte[] bytes = golden(dir, e.getKey() + ".bin");
            OFFlowMod fm = (OFFlowMod) read(bytes);
            FlowRule r = e.getValue();
            assertEquals(r.match(), MatchTranslator.toCore(fm.getMatch()), e.getKey());
            assertEquals(r.instructions(), InstructionTranslator.toCore(fm.getInstructions(), -1), e.getKey());
            assertSameFlowMod(bytes, OFTestMessages.bytes(fm), "re-encoded " + e.getKey());
        }
    }

    /** A FLOW_STATS reply carrying each capture's match and instructions decodes to the rule (of {@code device}). */
    static void assertFlowStatsDecode(String dir, Map<String, FlowRule> rules, DeviceId device) throws Exception {
        for (Map.Entry<String, FlowRule> e : rules.entrySet()) {
            OFFlowMod fm = (OFFlowMod) read(golden(dir, e.getKey() + ".bin"));
            OFFlowStatsEntry entry = OF13.buildFlowStatsEntry().setMatch(fm.getMatch()).setTableId(fm.getTableId())
                    .setPriority(fm.getPriority()).setCookie(fm.getCookie()).setInstructions(fm.getInstructions())
                    .setPacketCount(U64.of(7)).setByteCount(U64.of(700)).build();
            OFFlowStatsReply reply = (OFFlowStatsReply) read(OFTestMessages.bytes(
                    OF13.buildFlowStatsReply().setEntries(List.of(entry)).build()));
            assertEquals(e.getValue(), FlowStatsDecoder.toCore(reply.getEntries().get(0), device).rule(), e.getKey());
        }
    }
}
