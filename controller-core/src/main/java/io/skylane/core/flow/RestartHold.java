package io.skylane.core.flow;

import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.core.southbound.SwitchOp.GroupOp;
import io.skylane.core.southbound.SwitchOp.Kind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a switch held at its first audit since the controller started that no app wanted yet: the
 * entries of a previous run of the controller (a Skylane app's cookie) and its groups. After a
 * restart the apps compute their rules from the intent store and the rediscovered topology some
 * time after the switches connect; deleting these entries at the audit and adding them back a
 * moment later would cut the traffic they carry and send every rule twice. Instead they are held:
 * a change that would add an entry the switch already holds, equal, leaves it out (the entry is
 * claimed); one that writes the key otherwise sends its operation and the entry is no longer held.
 * When the grace ends, what is still held is deleted. Guarded by the device state's monitor.
 */
final class RestartHold {

    private final ProtocolVersion version;
    private final Map<FlowKey, FlowRule> flows;
    private final Map<Integer, GroupDescription> groups;
    private int claimed;

    RestartHold(ProtocolVersion version, Map<FlowKey, FlowRule> flows, Map<Integer, GroupDescription> groups) {
        this.version = version;
        this.flows = new LinkedHashMap<>(flows);
        this.groups = new LinkedHashMap<>(groups);
    }

    boolean isEmpty() {
        return flows.isEmpty() && groups.isEmpty();
    }

    /** Entries still held (flows and groups). */
    int size() {
        return flows.size() + groups.size();
    }

    /** Entries claimed so far: changes that found them on the switch and sent nothing. */
    int claimed() {
        return claimed;
    }

    /**
     * True if the switch already holds what this flow operation would write (an ADD of an equal
     * rule): leave it out. The key is no longer held either way.
     */
    boolean alreadyHolds(SwitchOp.FlowOp op) {
        FlowRule held = flows.remove(op.rule().key());
        if (held != null && op.kind() == Kind.ADD && AuditPlan.sameRule(version, op.rule(), held)) {
            claimed++;
            return true;
        }
        return false;
    }

    /**
     * The group operation to send instead of {@code op}: nothing (null) for an ADD of a group the
     * switch holds equal, a MODIFY for an ADD of a group it holds otherwise (an ADD would be refused
     * as existing), else {@code op}. The group is no longer held.
     */
    GroupOp instead(GroupOp op) {
        GroupDescription held = groups.remove(op.group().groupId());
        if (held == null || op.kind() != Kind.ADD) {
            return op;
        }
        if (AuditPlan.sameGroup(op.group(), held)) {
            claimed++;
            return null;
        }
        return new GroupOp(Kind.MODIFY, op.group());
    }

    /** A transient rule was written over this key: the entry there is no longer the held one. */
    void forget(FlowKey key) {
        flows.remove(key);
    }

    /**
     * The grace is over: adds a DELETE for every entry still held that is still not wanted
     * ({@code wantedFlow}, {@code wantedGroup}), and holds nothing more.
     */
    void release(BatchBuilder batch, Predicate<FlowKey> wantedFlow, Predicate<Integer> wantedGroup) {
        flows.forEach((key, rule) -> {
            if (!wantedFlow.test(key)) {
                batch.delete(rule);
            }
        });
        groups.forEach((id, group) -> {
            if (!wantedGroup.test(id)) {
                batch.deleteGroup(group);
            }
        });
        flows.clear();
        groups.clear();
    }
}
