package io.skylane.southbound.translate;

import io.netty.buffer.ByteBuf;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.southbound.SwitchOp;
import java.util.List;
import java.util.OptionalInt;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * Writes a FLOW_MOD for a core rule straight into a buffer, without an openflowj object per rule
 * (no match, OXM list, instruction, action or message builder): the write path of the flow rule
 * service's batches, where those objects were about a third of the controller's work.
 *
 * <p>The bytes are exactly those of {@link FlowModEncoder#flowMod} followed by openflowj's
 * {@code writeTo} (pinned by {@code DirectFlowModTest}, over hand-picked and generated rules).
 * OpenFlow 1.3 is written directly, Nicira's ct, multipath, conjunction and conj_id included; any other version goes
 * through {@link FlowModEncoder} (openflowj), so nothing is ever written differently.
 *
 * <p>OpenFlow 1.3 FLOW_MOD: header (8), cookie (8), cookie_mask (8), table_id, command, idle and
 * hard timeouts, priority, buffer_id, out_port, out_group, flags, pad[2] (48 bytes in all), then
 * the match (padded to 8) and the instructions.
 */
public final class FlowModWriter {

    private static final int OF13 = 0x04;
    private static final int OFPT_FLOW_MOD = 14;
    private static final int OFPFC_ADD = 0;
    private static final int OFPFC_MODIFY_STRICT = 2;
    private static final int OFPFC_DELETE_STRICT = 4;
    private static final int OFPFF_SEND_FLOW_REM = 1;
    private static final int OFP_NO_BUFFER = 0xffffffff;
    private static final int OFPP_ANY = 0xffffffff;
    private static final int OFPG_ANY = 0xffffffff;

    private static final int OFPIT_GOTO_TABLE = 1;
    private static final int OFPIT_WRITE_METADATA = 2;
    private static final int OFPIT_WRITE_ACTIONS = 3;
    private static final int OFPIT_APPLY_ACTIONS = 4;
    private static final int OFPIT_CLEAR_ACTIONS = 5;
    private static final int OFPIT_METER = 6;

    private static final int OFPAT_OUTPUT = 0;
    private static final int OFPAT_PUSH_VLAN = 17;
    private static final int OFPAT_POP_VLAN = 18;
    private static final int OFPAT_PUSH_MPLS = 19;
    private static final int OFPAT_POP_MPLS = 20;
    private static final int OFPAT_GROUP = 22;
    private static final int OFPAT_DEC_NW_TTL = 24;
    private static final int OFPAT_SET_FIELD = 25;

    private FlowModWriter() {
    }

    /**
     * Writes one FLOW_MOD (ADD, MODIFY_STRICT or DELETE_STRICT; no buffer id) at the buffer's
     * writer index. On an exception the buffer may hold part of the message.
     *
     * @throws IllegalArgumentException if the rule cannot be expressed in the factory's version
     */
    public static void write(SwitchOp.Kind kind, FlowRule rule, OFFactory factory, long xid, ByteBuf out) {
        if (factory.getVersion() != OFVersion.OF_13) {
            FlowModEncoder.flowMod(kind, rule, factory, xid, OptionalInt.empty()).writeTo(out);
            return;
        }
        int start = out.writerIndex();
        out.writeByte(OF13);
        out.writeByte(OFPT_FLOW_MOD);
        out.writeShort(0);
        out.writeInt((int) xid);
        out.writeLong(rule.cookie());
        out.writeLong(0);
        out.writeByte(rule.tableId());
        out.writeByte(switch (kind) {
            case ADD -> OFPFC_ADD;
            case MODIFY -> OFPFC_MODIFY_STRICT;
            case DELETE -> OFPFC_DELETE_STRICT;
        });
        out.writeShort(rule.idleTimeout());
        out.writeShort(rule.hardTimeout());
        out.writeShort(rule.priority());
        out.writeInt(OFP_NO_BUFFER);
        out.writeInt(OFPP_ANY);
        out.writeInt(OFPG_ANY);
        out.writeShort(rule.notifyRemoval() ? OFPFF_SEND_FLOW_REM : 0);
        out.writeZero(2);
        OxmWriter.writeMatch(rule.match(), out);
        if (kind != SwitchOp.Kind.DELETE) {
            writeInstructions(rule.instructions(), out);
        }
        out.setShort(start + 2, out.writerIndex() - start);
    }

    private static void writeInstructions(List<Instruction> instructions, ByteBuf out) {
        for (int i = 0, n = instructions.size(); i < n; i++) {
            Instruction in = instructions.get(i);
            if (in instanceof Instruction.ApplyActions a) {
                writeActionsInstruction(OFPIT_APPLY_ACTIONS, a.actions(), out);
            } else if (in instanceof Instruction.WriteActions w) {
                writeActionsInstruction(OFPIT_WRITE_ACTIONS, w.actions(), out);
            } else if (in instanceof Instruction.ClearActions) {
                out.writeShort(OFPIT_CLEAR_ACTIONS);
                out.writeShort(8);
                out.writeZero(4);
            } else if (in instanceof Instruction.WriteMetadata m) {
                out.writeShort(OFPIT_WRITE_METADATA);
                out.writeShort(24);
                out.writeZero(4);
                out.writeLong(m.value());
                out.writeLong(m.mask());
            } else if (in instanceof Instruction.GotoTable g) {
                out.writeShort(OFPIT_GOTO_TABLE);
                out.writeShort(8);
                out.writeByte(g.tableId());
                out.writeZero(3);
            } else if (in instanceof Instruction.Meter m) {
                out.writeShort(OFPIT_METER);
                out.writeShort(8);
                out.writeInt((int) m.meterId());
            } else {
                throw new IllegalArgumentException("unknown instruction " + in);
            }
        }
    }

    private static void writeActionsInstruction(int type, List<Action> actions, ByteBuf out) {
        int start = out.writerIndex();
        out.writeShort(type);
        out.writeShort(0);
        out.writeZero(4);
        for (int i = 0, n = actions.size(); i < n; i++) {
            writeAction(actions.get(i), out);
        }
        out.setShort(start + 2, out.writerIndex() - start);
    }

    private static void writeAction(Action a, ByteBuf out) {
        if (a instanceof Action.Output o) {
            out.writeShort(OFPAT_OUTPUT);
            out.writeShort(16);
            out.writeInt(PortTranslator.toOpenFlow13(o.port()));
            out.writeShort(o.maxLen());
            out.writeZero(6);
        } else if (a instanceof Action.SetField s) {
            int start = out.writerIndex();
            out.writeShort(OFPAT_SET_FIELD);
            out.writeShort(0);
            OxmWriter.writeOxm(s.value(), out);
            int length = out.writerIndex() - start;
            int padding = OxmWriter.padding(length);
            out.writeZero(padding);
            out.setShort(start + 2, length + padding);
        } else if (a instanceof Action.PopVlan) {
            fixed(OFPAT_POP_VLAN, out);
        } else if (a instanceof Action.PushVlan p) {
            etherType(OFPAT_PUSH_VLAN, p.ethType(), out);
        } else if (a instanceof Action.PushMpls p) {
            etherType(OFPAT_PUSH_MPLS, p.ethType(), out);
        } else if (a instanceof Action.PopMpls p) {
            etherType(OFPAT_POP_MPLS, p.ethType(), out);
        } else if (a instanceof Action.DecNwTtl) {
            fixed(OFPAT_DEC_NW_TTL, out);
        } else if (a instanceof Action.Group g) {
            out.writeShort(OFPAT_GROUP);
            out.writeShort(8);
            out.writeInt((int) g.groupId());
        } else if (a instanceof Action.Ct ct) {
            NxConntrackAction.write(ct, out);
        } else if (a instanceof Action.Multipath m) {
            NxMultipathAction.write(m, out);
        } else if (a instanceof Action.Conjunction c) {
            NxConjunctionAction.write(c, out);
        } else {
            throw new IllegalArgumentException("unknown action " + a);
        }
    }

    /** An action of 8 bytes with nothing but padding after its header. */
    private static void fixed(int type, ByteBuf out) {
        out.writeShort(type);
        out.writeShort(8);
        out.writeZero(4);
    }

    private static void etherType(int type, int ethType, ByteBuf out) {
        out.writeShort(type);
        out.writeShort(8);
        out.writeShort(ethType);
        out.writeZero(2);
    }
}
