package io.skylane.lb.slots;

import com.google.common.collect.ImmutableList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * Weighted Maglev: the fill of Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software
 * Network Load Balancer", NSDI 2016, section 3.4 and pseudocode 1) with turns spaced by weight,
 * which gives every slot of the table a member.
 *
 * <p>Each member has a preference list of all the slots ({@link PreferenceList}). Members take turns;
 * at its turn a member claims the first slot of its list that nobody holds yet, until every slot is
 * held, so a member owns exactly as many slots as it had turns. The paper gives every member one
 * turn per round; here a member of weight {@code w} takes its turns at the times
 * {@code 1/(2w), 3/(2w), 5/(2w), ...}, all members' turns in the order of those times (ties in the
 * order of the members' ids taken as unsigned 128-bit numbers, i.e. of their text; so the input's
 * order does not matter). That is the Sainte-Laguë (Webster) sequence: after {@code M} turns the
 * members' slot counts are the Sainte-Laguë apportionment of {@code M} seats to their weights, the
 * unbiased divisor method, so each count is its exact share {@code M * w / sum(w)} rounded, within
 * about one slot of it. Members of equal weights alternate exactly as in the paper. A member whose
 * share is under half a slot may get none; when every member's share is at least one slot, each
 * gets at least one (its first turn, at {@code 1/(2w)}, comes before the table is full).
 */
final class Maglev {

    private static final Comparator<SlotCandidate> BY_ID = Comparator
            .comparing((SlotCandidate c) -> c.id().getMostSignificantBits(), Long::compareUnsigned)
            .thenComparing(c -> c.id().getLeastSignificantBits(), Long::compareUnsigned);

    private Maglev() {
    }

    /** The owner of each slot of a table of {@code size} slots, for members of distinct ids and weights above 0 (at least one). */
    static ImmutableList<UUID> fill(List<SlotCandidate> members, int size) {
        List<SlotCandidate> sorted = members.stream().sorted(BY_ID).toList();
        int n = sorted.size();
        UUID[] ids = new UUID[n];
        long[] weight = new long[n];
        PreferenceList[] preferences = new PreferenceList[n];
        long[] turns = new long[n];
        for (int i = 0; i < n; i++) {
            SlotCandidate c = sorted.get(i);
            ids[i] = c.id();
            weight[i] = c.weight();
            preferences[i] = new PreferenceList(c.id(), size);
        }
        // member i's next turn is at (2 * turns[i] + 1) / (2 * weight[i]): compare the fractions exactly
        PriorityQueue<Integer> queue = new PriorityQueue<>(Math.max(1, n), (a, b) -> {
            int byTime = Long.compare((2 * turns[a] + 1) * weight[b], (2 * turns[b] + 1) * weight[a]);
            return byTime != 0 ? byTime : Integer.compare(a, b);
        });
        for (int i = 0; i < n; i++) {
            queue.add(i);
        }
        UUID[] table = new UUID[size];
        for (int filled = 0; filled < size; filled++) {
            int i = queue.poll();
            int slot;
            do {
                slot = preferences[i].next();
            } while (table[slot] != null);
            table[slot] = ids[i];
            turns[i]++;
            queue.add(i);
        }
        return ImmutableList.copyOf(table);
    }
}
