package io.skylane.southbound.translate;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.southbound.SwitchOp;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Builds FLOW_MODs from core rules: ADD, MODIFY_STRICT and DELETE_STRICT (out_port and out_group
 * ANY), and the "delete everything" pair used by {@link SwitchOp.ClearAll}. Batches of OpenFlow 1.3
 * rules are written by {@link FlowModWriter} instead, without these objects; its bytes are pinned
 * to this class's.
 */
public final class FlowModEncoder {

    private static final Set<OFFlowModFlags> NOTIFY = EnumSet.of(OFFlowModFlags.SEND_FLOW_REM);
    private static final Set<OFFlowModFlags> NONE = EnumSet.noneOf(OFFlowModFlags.class);

    private FlowModEncoder() {
    }

    /**
     * Encodes one FLOW_MOD.
     *
     * @param bufferId the switch buffer to apply an ADD to, if any
     * @throws IllegalArgumentException if the rule cannot be expressed in the factory's version
     *                                  (OpenFlow 1.0: table 0 and apply-actions only)
     */
    public static OFFlowMod flowMod(SwitchOp.Kind kind, FlowRule rule, OFFactory factory, long xid,
                                    OptionalInt bufferId) {
        boolean of10 = factory.getVersion() == OFVersion.OF_10;
        if (of10 && rule.tableId() != 0) {
            throw new IllegalArgumentException("OpenFlow 1.0 has only table 0, rule is for table " + rule.tableId());
        }
        OFFlowMod.Builder b = switch (kind) {
            case ADD -> factory.buildFlowAdd();
            case MODIFY -> factory.buildFlowModifyStrict();
            case DELETE -> factory.buildFlowDeleteStrict();
        };
        b.setXid(xid)
                .setCookie(U64.of(rule.cookie()))
                .setPriority(rule.priority())
                .setIdleTimeout(rule.idleTimeout())
                .setHardTimeout(rule.hardTimeout())
                .setBufferId(bufferId.isPresent() ? OFBufferId.of(bufferId.getAsInt()) : OFBufferId.NO_BUFFER)
                .setFlags(rule.notifyRemoval() ? NOTIFY : NONE)
                .setOutPort(OFPort.ANY)
                .setMatch(MatchTranslator.toOpenFlow(rule.match(), factory));
        if (of10) {
            if (kind != SwitchOp.Kind.DELETE) {
                b.setActions(InstructionTranslator.toOpenFlow10(rule.instructions(), factory));
            }
        } else {
            b.setTableId(TableId.of(rule.tableId())).setOutGroup(OFGroup.ANY);
            if (kind != SwitchOp.Kind.DELETE) {
                b.setInstructions(InstructionTranslator.toOpenFlow(rule.instructions(), factory));
            }
        }
        return b.build();
    }

    /**
     * Deletes every flow of every table and, in OpenFlow 1.3, every group ({@code groupXid} is
     * unused for OpenFlow 1.0).
     */
    public static List<OFMessage> clearAll(OFFactory factory, long flowXid, long groupXid) {
        if (factory.getVersion() == OFVersion.OF_10) {
            return List.of(factory.buildFlowDelete().setXid(flowXid).setMatch(factory.matchWildcardAll())
                    .setOutPort(OFPort.ANY).build());
        }
        return List.of(
                factory.buildFlowDelete().setXid(flowXid).setTableId(TableId.ALL).setMatch(factory.matchWildcardAll())
                        .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).build(),
                factory.buildGroupDelete().setXid(groupXid).setGroup(OFGroup.ALL).setGroupType(OFGroupType.ALL).build());
    }

    /** How many messages {@link #clearAll} sends for the version. */
    public static int clearAllSize(OFVersion version) {
        return version == OFVersion.OF_10 ? 1 : 2;
    }
}
