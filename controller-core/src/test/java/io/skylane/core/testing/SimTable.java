package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One flow table of a {@link SimSwitch}: finds the rule a packet hits, with Open vSwitch's
 * conjunctive matches ({@link Action.Conjunction}, {@code man ovs-fields} "Conjunctive Match
 * Fields", and its classifier's lookup):
 *
 * <ul>
 *   <li>A rule whose actions are conjunctions (a "clause" rule) never is the result itself. The
 *       others ("hard" rules) are looked up as usual: highest priority wins; a rule matching
 *       {@code conj_id} matches no packet in this lookup.</li>
 *   <li>Clause rules of a priority above the best hard rule's count, highest priority first: a
 *       conjunction is complete when the packet matches, at that one priority, a rule of each of its
 *       clauses. Then the table is looked up again with {@code conj_id} set to its id, clause rules
 *       left out: the best of the hard rules and of the rules matching that {@code conj_id} is the
 *       result. Found nothing: as if the conjunction had not matched, and the next lower priority
 *       of clause rules is tried; none left, the best hard rule (or a miss).</li>
 * </ul>
 *
 * Test errors ({@link IllegalStateException}), for what the switch leaves undefined: two matching
 * hard rules of equal priority that do different things; two conjunctions of one id at one
 * priority with different clause counts; two conjunctions completed at one priority whose lookups
 * give different results (Open vSwitch picks either).
 */
final class SimTable {

    private static final Comparator<FlowRule> HIGHEST_FIRST = Comparator.comparingInt(FlowRule::priority).reversed();

    private final DeviceId device;
    private final int id;
    /** Rules without conjunction actions, highest priority first. */
    private final ImmutableList<FlowRule> hard;
    /** Rules with conjunction actions, highest priority first. */
    private final ImmutableList<FlowRule> clauses;

    SimTable(DeviceId device, int id, List<FlowRule> rules) {
        this.device = device;
        this.id = id;
        List<FlowRule> h = new ArrayList<>();
        List<FlowRule> c = new ArrayList<>();
        for (FlowRule r : rules) {
            (isClause(r) ? c : h).add(r);
        }
        h.sort(HIGHEST_FIRST);
        c.sort(HIGHEST_FIRST);
        this.hard = ImmutableList.copyOf(h);
        this.clauses = ImmutableList.copyOf(c);
    }

    int size() {
        return hard.size() + clauses.size();
    }

    /** All the table's rules. */
    List<FlowRule> rules() {
        return ImmutableList.<FlowRule>builder().addAll(hard).addAll(clauses).build();
    }

    private static boolean isClause(FlowRule r) {
        return r.applyActions().stream().anyMatch(a -> a instanceof Action.Conjunction);
    }

    /** The rule the packet hits, or null for a table miss; {@code log} hears about conjunctions. */
    FlowRule lookup(SimPacket p, Consumer<String> log) {
        FlowRule best = bestHard(p, -1);
        if (clauses.isEmpty()) {
            return best;
        }
        int floor = best == null ? -1 : best.priority();
        // clause rules that match, by priority, highest first
        TreeMap<Integer, List<FlowRule>> byPriority = new TreeMap<>(Comparator.reverseOrder());
        for (FlowRule r : clauses) {
            if (r.priority() <= floor) {
                break;
            }
            if (SimSwitch.matches(r, p)) {
                byPriority.computeIfAbsent(r.priority(), k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<Integer, List<FlowRule>> e : byPriority.entrySet()) {
            FlowRule found = null;
            long foundId = -1;
            for (long conjId : complete(e.getKey(), e.getValue())) {
                FlowRule r = bestHard(p, conjId);
                if (r == null) {
                    log.accept("conjunction(" + conjId + ") complete at priority " + e.getKey()
                            + " in table " + id + ", no conj_id rule: ignored");
                    continue;
                }
                checkState(found == null || sameResult(found, r), "conjunctions %s and %s both complete at "
                        + "priority %s in table %s of %s for %s with different results (the switch's choice is "
                        + "undefined):\n  %s\n  %s", foundId, conjId, e.getKey(), id, device, p, found, r);
                if (found == null) {
                    log.accept("conjunction(" + conjId + ") complete at priority " + e.getKey() + " in table " + id);
                    found = r;
                    foundId = conjId;
                }
            }
            if (found != null) {
                return found;
            }
        }
        return best;
    }

    /** The ids of the conjunctions whose every clause has a matching rule among {@code matched} (of one priority), in order. */
    private List<Long> complete(int priority, List<FlowRule> matched) {
        TreeMap<Long, Integer> clauseCounts = new TreeMap<>();
        TreeMap<Long, BitSet> seen = new TreeMap<>();
        for (FlowRule r : matched) {
            for (Action a : r.applyActions()) {
                Action.Conjunction c = (Action.Conjunction) a;
                Integer n = clauseCounts.putIfAbsent(c.id(), c.nClauses());
                checkState(n == null || n == c.nClauses(), "conjunction %s has %s clauses in one rule and %s in "
                        + "another at priority %s in table %s of %s", c.id(), n, c.nClauses(), priority, id, device);
                seen.computeIfAbsent(c.id(), k -> new BitSet()).set(c.clause());
            }
        }
        // a conjunction must also be consistent in rules the packet did not match
        for (FlowRule r : clauses) {
            if (r.priority() != priority) {
                continue;
            }
            for (Action a : r.applyActions()) {
                Action.Conjunction c = (Action.Conjunction) a;
                Integer n = clauseCounts.get(c.id());
                checkState(n == null || n == c.nClauses(), "conjunction %s has %s clauses in one rule and %s in "
                        + "another at priority %s in table %s of %s", c.id(), n, c.nClauses(), priority, id, device);
            }
        }
        List<Long> out = new ArrayList<>();
        for (Map.Entry<Long, BitSet> e : seen.entrySet()) {
            if (e.getValue().cardinality() == clauseCounts.get(e.getKey())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * The highest-priority hard rule matching the packet, with {@code conj_id} set to {@code conjId}
     * (-1: unset, rules matching conj_id then match nothing), or null.
     */
    private FlowRule bestHard(SimPacket p, long conjId) {
        FlowRule found = null;
        for (FlowRule r : hard) {
            if (found != null && r.priority() < found.priority()) {
                break;
            }
            if (matches(r, p, conjId)) {
                if (found != null && sameResult(found, r)) {
                    continue;
                }
                checkState(found == null, "two rules of priority %s in table %s of %s match %s (the switch's "
                        + "choice is undefined):\n  %s\n  %s", r.priority(), id, device, p, found, r);
                found = r;
            }
        }
        return found;
    }

    private static boolean sameResult(FlowRule a, FlowRule b) {
        return a.instructions().equals(b.instructions()) && a.cookie() == b.cookie();
    }

    private static boolean matches(FlowRule r, SimPacket p, long conjId) {
        for (Criterion c : r.match().criteria()) {
            if (c.type() == Criterion.Type.CONJ_ID) {
                if (conjId < 0 || ((Criterion.NumberField) c).value() != conjId) {
                    return false;
                }
            } else if (!SimSwitch.matches(c, p)) {
                return false;
            }
        }
        return true;
    }
}
