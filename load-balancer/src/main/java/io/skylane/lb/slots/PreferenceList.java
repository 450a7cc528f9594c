package io.skylane.lb.slots;

import java.util.UUID;

/**
 * A member's Maglev preference list: every slot of the table once, in an order that only the
 * member's id and the table's size fix, drawn one slot at a time.
 *
 * <p>The order is fixed forever, because a table must come out the same in every JVM, run and
 * controller (restart, audit and failover recompute it): changing anything here moves clients to
 * other members. With {@code msb} and {@code lsb} the id's two 64-bit halves
 * ({@link UUID#getMostSignificantBits}, {@link UUID#getLeastSignificantBits}), {@code mix} the
 * SplitMix64 finaliser and {@code mod} taking its left side as unsigned, the list is the
 * Fisher-Yates shuffle of {@code 0..M-1} driven by a SplitMix64 sequence seeded from the id:
 * <pre>
 * s = mix(mix(0x736b796c616e6531 ^ msb) ^ lsb)        (the constant is "skylane1" in ASCII)
 * p = [0, 1, ..., M-1]
 * for j = 0, 1, ..., M-2:
 *     s = s + 0x9e3779b97f4a7c15
 *     swap p[j] and p[j + mix(s) mod (M - j)]
 * the list is p[0], p[1], ..., p[M-1]
 * </pre>
 *
 * <p>Why not the paper's {@code (offset + j * skip) mod M} from two hashes: two members with the same
 * skip (1 chance in 250 per pair at M = 251, so likely in a pool of 20) have the same cycle shifted,
 * claim slots in lock step, and one change of the pool then swaps dozens of slots between them (in
 * 1,000 random pools of two, a third member moved up to 113 of the 251 slots from one to the other).
 * Independent shuffles have the same average disruption without that tail
 * (docs/load-balancer-design.md, "The slot table").
 */
final class PreferenceList {

    static final long SEED = 0x736b796c616e6531L;
    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    private final int[] slots;
    private long state;
    private int drawn;

    PreferenceList(UUID id, int size) {
        slots = new int[size];
        for (int i = 0; i < size; i++) {
            slots[i] = i;
        }
        state = seed(id);
    }

    /** The next slot of the list; at most {@code size} calls. */
    int next() {
        int j = drawn++;
        if (j < slots.length - 1) {
            state += GAMMA;
            int k = j + (int) Long.remainderUnsigned(mix(state), slots.length - j);
            int s = slots[k];
            slots[k] = slots[j];
            slots[j] = s;
        }
        return slots[j];
    }

    static long seed(UUID id) {
        return mix(mix(SEED ^ id.getMostSignificantBits()) ^ id.getLeastSignificantBits());
    }

    /** The SplitMix64 finaliser (Steele, Lea, Flood 2014; {@code java.util.SplittableRandom}'s mix64). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
