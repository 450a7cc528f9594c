package io.skylane.core.flow;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.southbound.SwitchOp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an audit sends to make a switch's tables equal to the desired state, and its counts. Pure:
 * computed from the desired state and what the switch reported.
 *
 * @param ops            the batch, in sending order
 * @param kept           reported entries left untouched (desired and equal, or known transient)
 * @param added          desired entries sent because they were missing or different
 * @param removed        reported entries deleted
 * @param groupsAdded    groups added or modified
 * @param groupsRemoved  groups deleted
 * @param tableRead      false when the switch's tables could not be read
 * @param heldFlows      reported entries of a Skylane app that no app wants yet, held instead of deleted
 *                       (only when the audit holds, see {@link RestartHold})
 * @param heldGroups     reported groups nobody wants yet, held instead of deleted (same)
 */
record AuditPlan(List<SwitchOp> ops, int kept, int added, int removed, int groupsAdded, int groupsRemoved,
                 boolean tableRead, Map<FlowKey, FlowRule> heldFlows, Map<Integer, GroupDescription> heldGroups) {

    AuditPlan {
        ops = ImmutableList.copyOf(ops);
        heldFlows = ImmutableMap.copyOf(heldFlows);
        heldGroups = ImmutableMap.copyOf(heldGroups);
    }

    /** Entries and groups held rather than deleted. */
    int held() {
        return heldFlows.size() + heldGroups.size();
    }

    /**
     * Reconciles what a switch reported with the desired state. Reported entries equal to a desired
     * rule are kept; entries whose key is neither desired nor a known transient rule are deleted
     * (DELETE strict, whatever their cookie); desired rules missing or different are added. Groups
     * are compared by id, type and buckets (OpenFlow groups carry no owner); if the switch did not
     * report its groups, every desired group is sent as ADD and none is deleted.
     *
     * <p>With {@code hold} (the first audit of a switch since the controller started), entries
     * nobody wants whose cookie names a Skylane app, and groups nobody wants, are held instead of
     * deleted: a previous run installed them and the apps may want them again in a moment. Entries
     * with any other cookie are deleted all the same.
     */
    static AuditPlan reconcile(ProtocolVersion version, Map<FlowKey, FlowRule> desired,
                               Predicate<FlowKey> knownTransient, Map<Integer, GroupDescription> desiredGroups,
                               List<FlowEntry> reportedFlows, Optional<List<GroupDescription>> reportedGroups,
                               boolean hold) {
        BatchBuilder b = new BatchBuilder();
        Map<FlowKey, FlowRule> heldFlows = new LinkedHashMap<>();
        Map<Integer, GroupDescription> heldGroups = new LinkedHashMap<>();
        int kept = 0;
        Set<FlowKey> present = new HashSet<>();
        for (FlowEntry e : reportedFlows) {
            FlowRule actual = e.rule();
            FlowKey key = actual.key();
            FlowRule wanted = desired.get(key);
            if (wanted != null) {
                if (sameRule(version, wanted, actual)) {
                    present.add(key);
                    kept++;
                }
            } else if (knownTransient.test(key)) {
                kept++;
            } else if (hold && actual.appId() != 0) {
                heldFlows.put(key, actual);
            } else {
                b.delete(actual);
            }
        }
        desired.forEach((key, rule) -> {
            if (!present.contains(key)) {
                b.add(rule);
            }
        });
        if (reportedGroups.isEmpty()) {
            desiredGroups.values().forEach(b::addGroup);
            return new AuditPlan(b.build(), kept, b.flowsAdded(), b.flowsDeleted(), b.groupsAdded(), 0, true,
                    heldFlows, heldGroups);
        }
        Map<Integer, GroupDescription> actualGroups = new HashMap<>();
        reportedGroups.get().forEach(g -> actualGroups.put(g.groupId(), g));
        desiredGroups.forEach((id, g) -> {
            GroupDescription actual = actualGroups.get(id);
            if (actual == null) {
                b.addGroup(g);
            } else if (!sameGroup(g, actual)) {
                b.modifyGroup(g);
            }
        });
        actualGroups.forEach((id, g) -> {
            if (desiredGroups.containsKey(id)) {
                return;
            }
            if (hold) {
                heldGroups.put(id, g);
            } else {
                b.deleteGroup(g);
            }
        });
        return new AuditPlan(b.build(), kept, b.flowsAdded(), b.flowsDeleted(), b.groupsAdded(), b.groupsDeleted(),
                true, heldFlows, heldGroups);
    }

    /** The switch's tables could not be read: send everything desired as ADD, delete nothing. */
    static AuditPlan blind(Map<FlowKey, FlowRule> desired, Map<Integer, GroupDescription> desiredGroups) {
        BatchBuilder b = new BatchBuilder();
        desiredGroups.values().forEach(b::addGroup);
        desired.values().forEach(b::add);
        return new AuditPlan(b.build(), 0, b.flowsAdded(), 0, b.groupsAdded(), 0, false, Map.of(), Map.of());
    }

    /**
     * True if the switch holds exactly the desired rule. OpenFlow 1.0 flow statistics carry no
     * flags, so there the removal notification flag is not compared.
     */
    static boolean sameRule(ProtocolVersion version, FlowRule wanted, FlowRule actual) {
        if (wanted.equals(actual)) {
            return true;
        }
        return version == ProtocolVersion.OF_10 && wanted.notifyRemoval() != actual.notifyRemoval()
                && wanted.toBuilder().notifyRemoval(actual.notifyRemoval()).build().equals(actual);
    }

    static boolean sameGroup(GroupDescription a, GroupDescription b) {
        return a.groupId() == b.groupId() && a.type() == b.type() && a.buckets().equals(b.buckets());
    }

    AuditReport report(DeviceId id, Instant time) {
        return new AuditReport(id, kept, added, removed, groupsAdded, groupsRemoved, held(), tableRead, time);
    }
}
