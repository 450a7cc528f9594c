package io.skylane.core.southbound;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.MeterDescription;

/** One modification of a switch's tables, part of a {@link SwitchHandle#apply batch}. */
public sealed interface SwitchOp permits SwitchOp.FlowOp, SwitchOp.GroupOp, SwitchOp.MeterOp, SwitchOp.ClearAll {

    /** What to do with the object. */
    enum Kind { ADD, MODIFY, DELETE }

    /**
     * A FLOW_MOD: ADD (replaces an entry with the same key), MODIFY (strict: new instructions,
     * counters kept) or DELETE (strict: exactly this key).
     */
    record FlowOp(Kind kind, FlowRule rule) implements SwitchOp {
        public FlowOp {
            checkNotNull(kind, "kind");
            checkNotNull(rule, "rule");
        }
    }

    /** A GROUP_MOD. */
    record GroupOp(Kind kind, GroupDescription group) implements SwitchOp {
        public GroupOp {
            checkNotNull(kind, "kind");
            checkNotNull(group, "group");
        }
    }

    /** A METER_MOD. */
    record MeterOp(Kind kind, MeterDescription meter) implements SwitchOp {
        public MeterOp {
            checkNotNull(kind, "kind");
            checkNotNull(meter, "meter");
        }
    }

    /** Deletes every flow of every table, and every group (OpenFlow 1.3). */
    record ClearAll() implements SwitchOp {
    }

    static SwitchOp add(FlowRule rule) {
        return new FlowOp(Kind.ADD, rule);
    }

    static SwitchOp modify(FlowRule rule) {
        return new FlowOp(Kind.MODIFY, rule);
    }

    static SwitchOp delete(FlowRule rule) {
        return new FlowOp(Kind.DELETE, rule);
    }
}
