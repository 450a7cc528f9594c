package io.skylane.core.flow;

import com.google.common.collect.ImmutableList;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.core.southbound.SwitchOp.GroupOp;
import io.skylane.core.southbound.SwitchOp.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects the operations of one batch for one switch and puts them in a safe order: groups are
 * added and modified before the flows that may point to them, flows are deleted before the groups
 * they pointed to, and flow deletes come before flow adds.
 */
final class BatchBuilder {

    private final List<SwitchOp> groupAdds = new ArrayList<>();
    private final List<SwitchOp> flowDeletes = new ArrayList<>();
    private final List<SwitchOp> flowChanges = new ArrayList<>();
    private final List<SwitchOp> groupDeletes = new ArrayList<>();
    private int flowsAdded;
    private int flowsDeleted;

    void add(FlowRule rule) {
        flowChanges.add(SwitchOp.add(rule));
        flowsAdded++;
    }

    /** Moves the entry with {@code before}'s key to {@code after}: MODIFY strict if only the instructions change. */
    void replace(FlowRule before, FlowRule after) {
        if (onlyInstructionsDiffer(before, after)) {
            flowChanges.add(SwitchOp.modify(after));
        } else {
            flowChanges.add(SwitchOp.add(after));
        }
        flowsAdded++;
    }

    void delete(FlowRule rule) {
        flowDeletes.add(SwitchOp.delete(rule));
        flowsDeleted++;
    }

    void addGroup(GroupDescription group) {
        groupAdds.add(new GroupOp(Kind.ADD, group));
    }

    void modifyGroup(GroupDescription group) {
        groupAdds.add(new GroupOp(Kind.MODIFY, group));
    }

    void deleteGroup(GroupDescription group) {
        groupDeletes.add(new GroupOp(Kind.DELETE, group));
    }

    /** Adds what turns {@code before} into {@code after} (both keyed by flow key). */
    void diffRules(Map<FlowKey, FlowRule> before, Map<FlowKey, FlowRule> after) {
        for (Map.Entry<FlowKey, FlowRule> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                delete(e.getValue());
            }
        }
        for (Map.Entry<FlowKey, FlowRule> e : after.entrySet()) {
            FlowRule old = before.get(e.getKey());
            if (old == null) {
                add(e.getValue());
            } else if (!old.equals(e.getValue())) {
                replace(old, e.getValue());
            }
        }
    }

    /** Adds what turns the groups {@code before} into {@code after} (both keyed by group id). */
    void diffGroups(Map<Integer, GroupDescription> before, Map<Integer, GroupDescription> after) {
        for (Map.Entry<Integer, GroupDescription> e : after.entrySet()) {
            GroupDescription old = before.get(e.getKey());
            if (old == null) {
                addGroup(e.getValue());
            } else if (!old.equals(e.getValue())) {
                modifyGroup(e.getValue());
            }
        }
        for (Map.Entry<Integer, GroupDescription> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                deleteGroup(e.getValue());
            }
        }
    }

    /** True when a MODIFY strict turns {@code a} into {@code b}: same key, cookie, timeouts and flags. */
    static boolean onlyInstructionsDiffer(FlowRule a, FlowRule b) {
        return a.key().equals(b.key()) && a.cookie() == b.cookie() && a.idleTimeout() == b.idleTimeout()
                && a.hardTimeout() == b.hardTimeout() && a.notifyRemoval() == b.notifyRemoval()
                && !Objects.equals(a.instructions(), b.instructions());
    }

    /**
     * Leaves out what the switch already holds from a previous run of the controller (see {@link
     * RestartHold}): ADDs of equal rules go, ADDs of held groups become MODIFYs or go; every key and
     * group this batch writes is no longer held.
     */
    void leaveOutHeld(RestartHold hold) {
        for (SwitchOp op : flowDeletes) {
            hold.alreadyHolds((SwitchOp.FlowOp) op);
        }
        flowChanges.removeIf(op -> {
            boolean held = hold.alreadyHolds((SwitchOp.FlowOp) op);
            if (held) {
                flowsAdded--;
            }
            return held;
        });
        groupAdds.replaceAll(op -> hold.instead((GroupOp) op));
        groupAdds.removeIf(Objects::isNull);
        groupDeletes.replaceAll(op -> hold.instead((GroupOp) op));
    }

    boolean isEmpty() {
        return groupAdds.isEmpty() && flowDeletes.isEmpty() && flowChanges.isEmpty() && groupDeletes.isEmpty();
    }

    int flowsAdded() {
        return flowsAdded;
    }

    int flowsDeleted() {
        return flowsDeleted;
    }

    int groupsAdded() {
        return groupAdds.size();
    }

    int groupsDeleted() {
        return groupDeletes.size();
    }

    /** The operations in sending order. */
    ImmutableList<SwitchOp> build() {
        return ImmutableList.<SwitchOp>builder().addAll(groupAdds).addAll(flowDeletes).addAll(flowChanges)
                .addAll(groupDeletes).build();
    }
}
