package io.skylane.core.testing;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Rules in the short ovs-ofctl-like text the simulator's traces print. */
final class RuleText {

    private RuleText() {
    }

    static String match(Match m) {
        if (m.isEmpty()) {
            return "any";
        }
        return m.criteria().stream().map(RuleText::criterion).collect(Collectors.joining(","));
    }

    static String criterion(Criterion c) {
        String name = c.type().name().toLowerCase(Locale.ROOT);
        if (c instanceof Criterion.InPort) {
            return name + "=" + ((Criterion.InPort) c).port();
        } else if (c instanceof Criterion.MacField) {
            Criterion.MacField m = (Criterion.MacField) c;
            return name + "=" + m.mac() + (m.isMasked() ? "/" + m.mask() : "");
        } else if (c instanceof Criterion.Ip4Field) {
            Criterion.Ip4Field f = (Criterion.Ip4Field) c;
            return name + "=" + (f.isMasked() ? f.prefix().toString() : f.prefix().address().toString());
        } else if (c instanceof Criterion.Vlan) {
            return name + "=" + ((Criterion.Vlan) c).vlan();
        }
        Criterion.NumberField n = (Criterion.NumberField) c;
        boolean hex = c.type() == Criterion.Type.ETH_TYPE || c.type() == Criterion.Type.METADATA
                || c.type() == Criterion.Type.TUNNEL_ID;
        String value = hex ? "0x" + Long.toHexString(n.value()) : Long.toString(n.value());
        return name + "=" + value + (n.isMasked() ? "/0x" + Long.toHexString(n.mask()) : "");
    }

    static String instructions(List<Instruction> list) {
        if (list.isEmpty()) {
            return "drop";
        }
        return list.stream().map(RuleText::instruction).collect(Collectors.joining(" "));
    }

    static String instruction(Instruction i) {
        if (i instanceof Instruction.ApplyActions) {
            return "apply(" + actions(((Instruction.ApplyActions) i).actions()) + ")";
        } else if (i instanceof Instruction.WriteActions) {
            return "write(" + actions(((Instruction.WriteActions) i).actions()) + ")";
        } else if (i instanceof Instruction.ClearActions) {
            return "clear";
        } else if (i instanceof Instruction.WriteMetadata) {
            Instruction.WriteMetadata m = (Instruction.WriteMetadata) i;
            return "metadata:0x" + Long.toHexString(m.value()) + "/0x" + Long.toHexString(m.mask());
        } else if (i instanceof Instruction.GotoTable) {
            return "goto:" + ((Instruction.GotoTable) i).tableId();
        }
        return "meter:" + ((Instruction.Meter) i).meterId();
    }

    static String actions(List<Action> list) {
        return list.stream().map(RuleText::action).collect(Collectors.joining(","));
    }

    static String action(Action a) {
        if (a instanceof Action.Output) {
            return "output:" + ((Action.Output) a).port();
        } else if (a instanceof Action.SetField) {
            return "set:" + criterion(((Action.SetField) a).value());
        } else if (a instanceof Action.PushVlan) {
            return "push_vlan:0x" + Integer.toHexString(((Action.PushVlan) a).ethType());
        } else if (a instanceof Action.PopVlan) {
            return "pop_vlan";
        } else if (a instanceof Action.PushMpls) {
            return "push_mpls:0x" + Integer.toHexString(((Action.PushMpls) a).ethType());
        } else if (a instanceof Action.PopMpls) {
            return "pop_mpls:0x" + Integer.toHexString(((Action.PopMpls) a).ethType());
        } else if (a instanceof Action.DecNwTtl) {
            return "dec_ttl";
        } else if (a instanceof Action.Group) {
            return "group:0x" + Integer.toHexString(((Action.Group) a).groupId());
        }
        return a.toString();
    }
}
