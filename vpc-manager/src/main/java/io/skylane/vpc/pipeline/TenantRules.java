package io.skylane.vpc.pipeline;

import com.google.common.collect.ImmutableList;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Builds the tenant data plane's rules: apply actions, optionally the segment into the metadata, goto.
 * An instance is one compile's: the rules it builds share one instruction list per distinct
 * (actions, segment, goto), and {@link #shared} hands out one value per key, so that what is the
 * same on many switches or for many ports (a member's routing match, a port number's conntrack
 * zone) is held once. Shared values are immutable and equal to what each rule would build on its
 * own, so the rules are equal, key for key, to unshared ones (a full compile of 100,000 ports holds
 * millions of rules: issue #15). Thread-safe, for the switches compiled in parallel
 * ({@link CompilePool}): two threads asking for one key at once may both build a value, but both get
 * the one kept first, so a compile holds one value per key whichever thread compiles what. Dropped
 * after the compile.
 */
final class TenantRules {

    private record Instructions(List<Action> actions, int segment, int gotoTable) {
    }

    private final ConcurrentHashMap<Instructions, List<Instruction>> instructions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Object, Object> shared = new ConcurrentHashMap<>();

    static FlowRule rule(DeviceId d, int table, int priority, Match match, List<Action> actions, int gotoTable) {
        return rule(d, table, priority, match, actions, gotoTable, -1);
    }

    /** A rule; {@code gotoTable} -1 for none; {@code segment} >= 0 writes it to the metadata. */
    static FlowRule rule(DeviceId d, int table, int priority, Match match, List<Action> actions, int gotoTable,
                         int segment) {
        return rule(d, table, priority, match, instructions(actions, segment, gotoTable));
    }

    /** As {@link #rule(DeviceId, int, int, Match, List, int)}, with this compile's instruction lists. */
    FlowRule make(DeviceId d, int table, int priority, Match match, List<Action> actions, int gotoTable) {
        return make(d, table, priority, match, actions, gotoTable, -1);
    }

    /** As {@link #rule(DeviceId, int, int, Match, List, int, int)}, with this compile's instruction lists. */
    FlowRule make(DeviceId d, int table, int priority, Match match, List<Action> actions, int gotoTable,
                  int segment) {
        Instructions key = new Instructions(actions, segment, gotoTable);
        List<Instruction> ins = instructions.get(key);
        if (ins == null) {
            List<Instruction> made = instructions(actions, segment, gotoTable);
            ins = instructions.putIfAbsent(key, made);
            if (ins == null) {
                ins = made;
            }
        }
        return rule(d, table, priority, match, ins);
    }

    /**
     * The value this compile holds for {@code key}, made by {@code make} the first time (outside any
     * lock: {@code make} may itself ask for shared values). A key says everything the value depends
     * on (a record of its inputs), so that a value made twice is equal to the one kept.
     */
    @SuppressWarnings("unchecked")
    <T> T shared(Object key, Supplier<T> make) {
        Object v = shared.get(key);
        if (v == null) {
            Object made = make.get();
            v = shared.putIfAbsent(key, made);
            if (v == null) {
                v = made;
            }
        }
        return (T) v;
    }

    private static FlowRule rule(DeviceId d, int table, int priority, Match match, List<Instruction> ins) {
        return new FlowRule(d, table, priority, match, ins, Pipeline.APP_ID.cookie(), 0, 0, false);
    }

    /** In execution order (apply, write metadata, goto), so that the rule keeps the list as it is. */
    private static List<Instruction> instructions(List<Action> actions, int segment, int gotoTable) {
        ImmutableList.Builder<Instruction> ins = ImmutableList.builderWithExpectedSize(3);
        if (!actions.isEmpty()) {
            ins.add(Instruction.apply(actions));
        }
        if (segment >= 0) {
            ins.add(new Instruction.WriteMetadata(segment, Pipeline.SEGMENT_MASK));
        }
        if (gotoTable >= 0) {
            ins.add(Instruction.gotoTable(gotoTable));
        }
        return ins.build();
    }
}
