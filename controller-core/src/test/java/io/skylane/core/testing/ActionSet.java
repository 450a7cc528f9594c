package io.skylane.core.testing;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The OpenFlow 1.3 action set (section 5.10): at most one action of each type (one set-field per
 * field), a written action replacing the one of its type, executed in the order the specification
 * gives whatever the order they were written in: copy-ttl-in, pop, push-mpls, push-pbb, push-vlan,
 * copy-ttl-out, dec-ttl, set-field, qos, group, output; output is ignored when there is a group.
 * The model has no copy-ttl, push-pbb or set-queue action; their slots stay empty.
 */
final class ActionSet {

    private static final int POP_VLAN = 10;
    private static final int POP_MPLS = 11;
    private static final int PUSH_MPLS = 30;
    private static final int PUSH_VLAN = 50;
    private static final int DEC_TTL = 70;
    /** Set-field slots: this plus the field's {@link Criterion.Type} ordinal (OXM order). */
    private static final int SET_FIELD = 100;
    private static final int GROUP = 200;
    private static final int OUTPUT = 210;

    private final TreeMap<Integer, Action> actions = new TreeMap<>();

    ActionSet() {
    }

    private ActionSet(ActionSet other) {
        actions.putAll(other.actions);
    }

    ActionSet copy() {
        return new ActionSet(this);
    }

    /** Adds the action, replacing any action of the same type. */
    void write(Action a) {
        actions.put(slot(a), a);
    }

    void clear() {
        actions.clear();
    }

    /** True when executing the set sends the packet somewhere (an output or a group). */
    boolean forwards() {
        return actions.containsKey(GROUP) || actions.containsKey(OUTPUT);
    }

    /** The actions in execution order, without the output when there is a group. */
    List<Action> inExecutionOrder() {
        List<Action> list = new ArrayList<>(actions.values());
        if (actions.containsKey(GROUP)) {
            list.remove(actions.get(OUTPUT));
        }
        return list;
    }

    private static int slot(Action a) {
        if (a instanceof Action.PopVlan) {
            return POP_VLAN;
        } else if (a instanceof Action.PopMpls) {
            return POP_MPLS;
        } else if (a instanceof Action.PushMpls) {
            return PUSH_MPLS;
        } else if (a instanceof Action.PushVlan) {
            return PUSH_VLAN;
        } else if (a instanceof Action.DecNwTtl) {
            return DEC_TTL;
        } else if (a instanceof Action.SetField) {
            return SET_FIELD + ((Action.SetField) a).value().type().ordinal();
        } else if (a instanceof Action.Group) {
            return GROUP;
        } else if (a instanceof Action.Output) {
            return OUTPUT;
        }
        throw new IllegalArgumentException("no action set slot for " + a);
    }

    @Override
    public String toString() {
        return "[" + RuleText.actions(List.copyOf(actions.values())) + "]";
    }
}
