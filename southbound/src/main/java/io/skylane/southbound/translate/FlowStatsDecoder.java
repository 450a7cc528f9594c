package io.skylane.southbound.translate;

import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowEntry;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SouthboundListener.RemovalReason;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * Flow statistics entries and FLOW_REMOVED messages in core terms. A decoded entry's rule is equal
 * to the desired rule that installed it (the flow audit depends on it), except for what the wire
 * does not carry: OpenFlow 1.0 reports no flags, so its rules never ask for removal notices.
 */
public final class FlowStatsDecoder {

    private FlowStatsDecoder() {
    }

    /**
     * Decodes one flow statistics entry.
     *
     * @throws UndecodableException if the entry uses something core rules cannot express
     */
    public static FlowEntry toCore(OFFlowStatsEntry e, DeviceId deviceId) {
        Match match = MatchTranslator.toCore(e.getMatch());
        int proto = ipProto(match);
        boolean of10 = e.getVersion() == OFVersion.OF_10;
        List<Instruction> instructions = of10 ? InstructionTranslator.fromActions10(e.getActions(), proto)
                : InstructionTranslator.toCore(e.getInstructions(), proto);
        boolean notify = !of10 && e.getFlags().contains(OFFlowModFlags.SEND_FLOW_REM);
        FlowRule rule;
        try {
            rule = new FlowRule(deviceId, e.getTableId().getValue(), e.getPriority(), match, instructions,
                    e.getCookie().getValue(), e.getIdleTimeout(), e.getHardTimeout(), notify);
        } catch (IllegalArgumentException ex) {
            throw new UndecodableException("flow entry is not a valid core rule: " + ex.getMessage(), ex);
        }
        return new FlowEntry(rule, e.getPacketCount().getValue(), e.getByteCount().getValue(), e.getDurationSec());
    }

    /**
     * The rule a FLOW_REMOVED reports. The message carries no instructions, so the rule has none;
     * compare it with desired rules by {@link FlowRule#key()}.
     *
     * @throws UndecodableException if the match has no core equivalent
     */
    public static FlowRule removedRule(OFFlowRemoved r, DeviceId deviceId) {
        boolean of10 = r.getVersion() == OFVersion.OF_10;
        try {
            return new FlowRule(deviceId, of10 ? 0 : r.getTableId().getValue(), r.getPriority(),
                    MatchTranslator.toCore(r.getMatch()), List.of(), r.getCookie().getValue(), r.getIdleTimeout(),
                    of10 ? 0 : r.getHardTimeout(), true);
        } catch (IllegalArgumentException ex) {
            throw new UndecodableException("removed flow is not a valid core rule: " + ex.getMessage(), ex);
        }
    }

    /** The core reason for a FLOW_REMOVED. */
    public static RemovalReason reason(OFFlowRemovedReason reason) {
        switch (reason) {
            case IDLE_TIMEOUT: return RemovalReason.IDLE_TIMEOUT;
            case HARD_TIMEOUT: return RemovalReason.HARD_TIMEOUT;
            case DELETE: return RemovalReason.DELETE;
            case GROUP_DELETE: return RemovalReason.GROUP_DELETE;
            default: return RemovalReason.OTHER;
        }
    }

    private static int ipProto(Match match) {
        return match.get(Criterion.Type.IP_PROTO)
                .map(c -> (int) ((Criterion.NumberField) c).value()).orElse(-1);
    }
}
