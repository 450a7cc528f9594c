package io.skylane.vpc.dataplane;

import io.skylane.core.flow.FlowKey;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.pipeline.Joins;
import io.skylane.vpc.pipeline.PlacedIndex;
import io.skylane.vpc.pipeline.SecurityGroups;
import io.skylane.vpc.pipeline.SegmentRules;
import io.skylane.vpc.pipeline.SwitchRules;
import io.skylane.vpc.pipeline.VpcCompiler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every switch's tenant rules in parts ({@link SwitchRules}: the base, and each hosted VPC's), as
 * last compiled, so that a change recompiles only the touched VPCs' parts on the switches that hold
 * them, keeps the rest, and hands over the difference of the parts it recompiled. Used by the
 * tenant data plane's recompute thread only.
 */
final class CompiledParts {

    /**
     * A switch's rules before and after a compile, and what changed between them (by key; for a
     * switch that had no rules, all of its rules).
     */
    record Recompiled(SwitchRules before, SwitchRules after, List<FlowRule> add, List<FlowRule> remove) {

        boolean changed() {
            return !add.isEmpty() || !remove.isEmpty();
        }
    }

    private static final SwitchRules EMPTY = new SwitchRules(List.of(), Set.of(), Set.of(), Map.of());

    private final Map<DeviceId, SwitchRules> parts = new HashMap<>();

    /**
     * Every switch of {@code devices}, every segment; the parts kept for the next partial compile
     * (those of switches no longer in {@code devices} too, as they were).
     */
    Map<DeviceId, Recompiled> compileAll(VpcCompiler compiler, PlacedIndex index, SecurityGroups groups,
                                         Function<UUID, List<Ip4Address>> answered, Joins joins,
                                         Set<DeviceId> devices) {
        Map<DeviceId, Recompiled> out = new TreeMap<>();
        compiler.compileParts(index, groups, answered, joins, devices, null, d -> null).forEach((d, now) -> {
            SwitchRules old = parts.getOrDefault(d, EMPTY);
            parts.put(d, now);
            out.put(d, isEmpty(old) ? new Recompiled(old, now, now.all(), List.of()) : diff(old, now));
        });
        return out;
    }

    /** No switch has a rule as last compiled. */
    boolean noRules() {
        for (SwitchRules r : parts.values()) {
            if (!isEmpty(r)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a switch had no rules: after a full compile it is handed its whole set, so its
     * difference is all of its rules, without indexing them by key (millions at cloud scale).
     */
    private static boolean isEmpty(SwitchRules r) {
        return r.base().isEmpty() && r.bySegment().isEmpty();
    }

    /**
     * The switches of {@code switches}: their base rules and the rules of {@code segments} compiled
     * anew, the other segments' rules there kept from before. A hosted segment with no kept part
     * (which does not happen: a VPC new on a switch is a touched one) recompiles that whole switch.
     */
    Map<DeviceId, Recompiled> compileTouched(VpcCompiler compiler, PlacedIndex index, SecurityGroups groups,
                                             Function<UUID, List<Ip4Address>> answered, Joins joins,
                                             Set<DeviceId> switches, Set<Integer> segments) {
        Map<DeviceId, Recompiled> out = new TreeMap<>();
        compiler.compileParts(index, groups, answered, joins, switches, segments, parts::get).forEach((d, fresh) -> {
            SwitchRules old = parts.getOrDefault(d, EMPTY);
            SwitchRules now = merge(fresh, old);
            if (now == null) {
                now = compiler.compileParts(index, groups, answered, joins, Set.of(d), null, parts::get).get(d);
            }
            parts.put(d, now);
            out.put(d, diff(old, now));
        });
        return out;
    }

    /** Forgets every switch's rules (the data plane stops). */
    void clear() {
        parts.clear();
    }

    /** The rules of a switch as last compiled (empty when none). */
    List<FlowRule> rules(DeviceId d) {
        SwitchRules r = parts.get(d);
        return r == null ? List.of() : r.all();
    }

    /** The fresh parts completed with the kept ones; null when a hosted segment has neither. */
    private static SwitchRules merge(SwitchRules fresh, SwitchRules old) {
        Map<Integer, SegmentRules> merged = new TreeMap<>();
        for (int seg : fresh.hosted()) {
            SegmentRules rules = fresh.bySegment().get(seg);
            if (rules == null) {
                rules = old.bySegment().get(seg);
            }
            if (rules == null) {
                return null;
            }
            merged.put(seg, rules);
        }
        return new SwitchRules(fresh.base(), fresh.peers(), fresh.hosted(), merged);
    }

    /**
     * What to add and remove to go from {@code before} to {@code after}, looking only at the parts
     * that may differ (the base, the segments' VPC-wide rules, and the ports' parts that are not the
     * same object in both: a port's part kept by the compile is not compared rule by rule), by rule
     * key: a rule whose key stays but whose actions change is an add (a replace). No two parts of a
     * switch hold a rule of the same key (a port's rules match its switch port or, in its VPC, its
     * MAC or addresses, unique there), so a key is never removed that a kept part still holds.
     */
    static Recompiled diff(SwitchRules before, SwitchRules after) {
        Set<Integer> segments = new HashSet<>(before.bySegment().keySet());
        segments.addAll(after.bySegment().keySet());
        Map<FlowKey, FlowRule> was = new HashMap<>();
        Map<FlowKey, FlowRule> is = new HashMap<>();
        if (before.base() != after.base()) {
            before.base().forEach(r -> was.put(r.key(), r));
            after.base().forEach(r -> is.put(r.key(), r));
        }
        for (int seg : segments) {
            SegmentRules a = before.bySegment().getOrDefault(seg, SegmentRules.NONE);
            SegmentRules b = after.bySegment().getOrDefault(seg, SegmentRules.NONE);
            if (a == b) {
                continue;
            }
            if (a.common() != b.common()) {
                a.common().forEach(r -> was.put(r.key(), r));
                b.common().forEach(r -> is.put(r.key(), r));
            }
            a.ports().forEach((port, part) -> {
                if (b.ports().get(port) != part) {
                    part.rules().forEach(r -> was.put(r.key(), r));
                }
            });
            b.ports().forEach((port, part) -> {
                if (a.ports().get(port) != part) {
                    part.rules().forEach(r -> is.put(r.key(), r));
                }
            });
        }
        List<FlowRule> add = new ArrayList<>();
        for (FlowRule r : is.values()) {
            if (!r.equals(was.get(r.key()))) {
                add.add(r);
            }
        }
        List<FlowRule> remove = new ArrayList<>();
        for (FlowRule r : was.values()) {
            if (!is.containsKey(r.key())) {
                remove.add(r);
            }
        }
        return new Recompiled(before, after, add, remove);
    }
}
