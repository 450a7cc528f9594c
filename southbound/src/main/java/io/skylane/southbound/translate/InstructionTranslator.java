package io.skylane.southbound.translate;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Instruction;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionClearActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteMetadata;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructions;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Core {@link Instruction}s to and from OpenFlow 1.3 instructions, and the OpenFlow 1.0 rule that a
 * flow has a single action list (an apply-actions instruction).
 */
public final class InstructionTranslator {

    private InstructionTranslator() {
    }

    /** Encodes OpenFlow 1.3 instructions. */
    public static List<OFInstruction> toOpenFlow(List<Instruction> instructions, OFFactory factory) {
        OFInstructions ins = factory.instructions();
        List<OFInstruction> out = new ArrayList<>(instructions.size());
        for (Instruction i : instructions) {
            if (i instanceof Instruction.ApplyActions a) {
                out.add(ins.applyActions(ActionTranslator.toOpenFlow(a.actions(), factory)));
            } else if (i instanceof Instruction.WriteActions w) {
                out.add(ins.writeActions(ActionTranslator.toOpenFlow(w.actions(), factory)));
            } else if (i instanceof Instruction.ClearActions) {
                out.add(ins.clearActions());
            } else if (i instanceof Instruction.WriteMetadata m) {
                out.add(ins.writeMetadata(U64.of(m.value()), U64.of(m.mask())));
            } else if (i instanceof Instruction.GotoTable g) {
                out.add(ins.gotoTable(TableId.of(g.tableId())));
            } else if (i instanceof Instruction.Meter m) {
                out.add(ins.meter(m.meterId()));
            } else {
                throw new IllegalArgumentException("unknown instruction " + i);
            }
        }
        return out;
    }

    /**
     * The action list of an OpenFlow 1.0 flow: the apply-actions instruction's actions, or none.
     *
     * @throws IllegalArgumentException for any other instruction (OpenFlow 1.0 has only actions)
     */
    public static List<OFAction> toOpenFlow10(List<Instruction> instructions, OFFactory factory) {
        List<OFAction> actions = List.of();
        for (Instruction i : instructions) {
            if (i instanceof Instruction.ApplyActions a) {
                actions = ActionTranslator.toOpenFlow(a.actions(), factory);
            } else {
                throw new IllegalArgumentException("instruction " + i + " does not exist in OpenFlow 1.0");
            }
        }
        return actions;
    }

    /**
     * Decodes OpenFlow 1.3 instructions.
     *
     * @param ipProto see {@link ActionTranslator#toCore(List, int)}
     * @throws UndecodableException if an instruction has no core equivalent
     */
    public static List<Instruction> toCore(List<OFInstruction> instructions, int ipProto) {
        List<Instruction> out = new ArrayList<>(instructions.size());
        for (OFInstruction i : instructions) {
            try {
                out.add(toCore(i, ipProto));
            } catch (IllegalArgumentException e) {
                throw new UndecodableException("instruction " + i + " has no core equivalent: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Instruction toCore(OFInstruction i, int ipProto) {
        if (i instanceof OFInstructionApplyActions a) {
            return new Instruction.ApplyActions(ActionTranslator.toCore(a.getActions(), ipProto));
        } else if (i instanceof OFInstructionWriteActions w) {
            return new Instruction.WriteActions(ActionTranslator.toCore(w.getActions(), ipProto));
        } else if (i instanceof OFInstructionClearActions) {
            return new Instruction.ClearActions();
        } else if (i instanceof OFInstructionWriteMetadata m) {
            return new Instruction.WriteMetadata(m.getMetadata().getValue(), m.getMetadataMask().getValue());
        } else if (i instanceof OFInstructionGotoTable g) {
            return new Instruction.GotoTable(g.getTableId().getValue());
        } else if (i instanceof OFInstructionMeter m) {
            return new Instruction.Meter(m.getMeterId());
        }
        throw new UndecodableException("instruction " + i + " has no core equivalent");
    }

    /** The instructions of an OpenFlow 1.0 flow: one apply-actions instruction, none for a drop rule. */
    public static List<Instruction> fromActions10(List<OFAction> actions, int ipProto) {
        List<Action> core = ActionTranslator.toCore(actions, ipProto);
        return core.isEmpty() ? List.of() : List.of(new Instruction.ApplyActions(core));
    }
}
