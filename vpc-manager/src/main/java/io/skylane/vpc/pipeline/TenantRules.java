package io.skylane.vpc.pipeline;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import java.util.ArrayList;
import java.util.List;

/** Builds the tenant data plane's rules: apply actions, optionally the segment into the metadata, goto. */
final class TenantRules {

    private TenantRules() {
    }

    static FlowRule rule(DeviceId d, int table, int priority, Match match, List<Action> actions, int gotoTable) {
        return rule(d, table, priority, match, actions, gotoTable, -1);
    }

    /** A rule; {@code gotoTable} -1 for none; {@code segment} >= 0 writes it to the metadata. */
    static FlowRule rule(DeviceId d, int table, int priority, Match match, List<Action> actions, int gotoTable,
                         int segment) {
        List<Instruction> ins = new ArrayList<>();
        if (!actions.isEmpty()) {
            ins.add(Instruction.apply(actions));
        }
        if (segment >= 0) {
            ins.add(new Instruction.WriteMetadata(segment, Pipeline.SEGMENT_MASK));
        }
        if (gotoTable >= 0) {
            ins.add(Instruction.gotoTable(gotoTable));
        }
        return FlowRule.builder().device(d).table(table).priority(priority).match(match).instructions(ins)
                .app(Pipeline.APP_ID).build();
    }
}
