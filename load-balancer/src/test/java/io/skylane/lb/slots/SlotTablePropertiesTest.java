package io.skylane.lb.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The slot table's properties over many random pools (seeded, so every run checks the same pools):
 * determinism, shares, a slot for everyone, and how much a change of the pool moves.
 *
 * <p>The pools have 1 to 100 members whose weights are all equal, or 1..4, or 1..256. The bounds
 * below were measured on these pools and on 100,000 more (docs/load-balancer-design.md, "The slot
 * table"); a table of 251 slots cannot do much better: one slot is 0.4 % of the connections.
 */
class SlotTablePropertiesTest {

    private static final int M = SlotTable.DEFAULT_SIZE;
    /** Slot counts are rounded shares; 1.11 slots is the largest difference measured. */
    private static final double SHARE_TOLERANCE_SLOTS = 1.5;
    /**
     * Maglev is not minimally disruptive: when a member joins or leaves, the others' turns come in a
     * different order and some slots change hands between members that stay. Measured on the pools
     * of these tests: at most 32 of 251 slots in one change, 4.9 % of the table on average; on
     * 16,000 more, at most 35 (1-2 % on average with 2 or 3 members, 6-7 % with 11 to 50). The
     * bounds leave a little room.
     */
    private static final int MAX_COLLATERAL_SLOTS = 40;
    private static final double MEAN_COLLATERAL_FRACTION = 0.07;

    private final Random random = new Random(251);

    private UUID id() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    private int weight(int maxWeight) {
        return 1 + random.nextInt(maxWeight);
    }

    /** {@code n} eligible members, weights up to {@code maxWeight}. */
    private List<SlotCandidate> pool(int n, int maxWeight) {
        List<SlotCandidate> pool = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pool.add(new SlotCandidate(id(), weight(maxWeight), true, true, false));
        }
        return pool;
    }

    private List<SlotCandidate> randomPool(int round) {
        return pool(1 + random.nextInt(round % 2 == 0 ? 20 : 100), new int[] {1, 4, 256}[round % 3]);
    }

    private static long totalWeight(List<SlotCandidate> pool) {
        return pool.stream().mapToLong(SlotCandidate::weight).sum();
    }

    private static void assertSharesFollowWeights(List<SlotCandidate> pool, SlotTable t) {
        long total = totalWeight(pool);
        Map<UUID, Integer> counts = t.slotCounts();
        for (SlotCandidate c : pool) {
            double share = (double) M * c.weight() / total;
            int slots = counts.getOrDefault(c.id(), 0);
            assertTrue(Math.abs(slots - share) <= SHARE_TOLERANCE_SLOTS,
                    "weight " + c.weight() + " of " + total + ": " + slots + " slots for a share of " + share);
        }
    }

    /** Slots that changed hands between two members that are in both tables. */
    private static int collateral(SlotTable before, SlotTable after, UUID joinedOrLeft) {
        int n = 0;
        for (int s = 0; s < M; s++) {
            UUID b = before.owner(s);
            UUID a = after.owner(s);
            if (!a.equals(b) && !a.equals(joinedOrLeft) && !b.equals(joinedOrLeft)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void theSameCandidatesInAnyOrderGiveTheSameTable() {
        for (int round = 0; round < 300; round++) {
            List<SlotCandidate> pool = new ArrayList<>(randomPool(round));
            pool.add(new SlotCandidate(id(), 0, true, true, false));
            pool.add(new SlotCandidate(id(), weight(256), false, true, false));
            pool.add(new SlotCandidate(id(), weight(256), true, false, false));
            pool.add(new SlotCandidate(id(), weight(256), true, true, true));
            SlotTable table = SlotTable.of(pool);
            for (int i = 0; i < 3; i++) {
                Collections.shuffle(pool, random);
                assertEquals(table, SlotTable.of(List.copyOf(pool)));
            }
        }
    }

    @Test
    void slotCountsFollowTheWeights() {
        for (int round = 0; round < 3000; round++) {
            List<SlotCandidate> pool = randomPool(round);
            assertSharesFollowWeights(pool, SlotTable.of(pool));
        }
        // the design's example: 1:2:3 is 16.7/33.3/50 %
        List<SlotCandidate> pool = List.of(new SlotCandidate(id(), 1, true, true, false),
                new SlotCandidate(id(), 2, true, true, false), new SlotCandidate(id(), 3, true, true, false));
        assertEquals(List.of(42, 84, 125),
                pool.stream().map(c -> SlotTable.of(pool).slotCounts().get(c.id())).toList());
    }

    @Test
    void everyMemberOwnsASlotWhenEveryShareIsAtLeastOneSlot() {
        int checked = 0;
        for (int round = 0; checked < 2000; round++) {
            List<SlotCandidate> pool = randomPool(round);
            int lightest = pool.stream().mapToInt(SlotCandidate::weight).min().orElseThrow();
            if ((long) M * lightest < totalWeight(pool)) {
                continue;
            }
            checked++;
            assertEquals(pool.size(), SlotTable.of(pool).slotCounts().size(), "pool " + round);
        }
        // at the edge: 251 members of one slot each; a member of weight 200 and 51 of weight 1 (one slot each)
        assertEquals(Collections.nCopies(M, 1), List.copyOf(SlotTable.of(pool(M, 1)).slotCounts().values()));
        List<SlotCandidate> edge = new ArrayList<>(List.of(new SlotCandidate(id(), 200, true, true, false)));
        for (int i = 0; i < 51; i++) {
            edge.add(new SlotCandidate(id(), 1, true, true, false));
        }
        assertEquals(52, SlotTable.of(edge).slotCounts().size());
        assertEquals(200, SlotTable.of(edge).slotCounts().get(edge.get(0).id()));
        // more members than slots: each slot has its own member
        assertEquals(Collections.nCopies(M, 1), List.copyOf(SlotTable.of(pool(300, 1)).slotCounts().values()));
    }

    @Test
    void addingAMemberMovesItsShareAndFewOtherSlots() {
        int[] collateral = new int[1000];
        for (int round = 0; round < collateral.length; round++) {
            List<SlotCandidate> pool = randomPool(round);
            SlotCandidate joining = new SlotCandidate(id(), weight(new int[] {1, 4, 256}[round % 3]), true, true, false);
            List<SlotCandidate> grown = new ArrayList<>(pool);
            grown.add(joining);
            SlotTable before = SlotTable.of(pool);
            SlotTable after = SlotTable.of(grown);
            assertSharesFollowWeights(grown, after);
            int moved = 0;
            for (int s = 0; s < M; s++) {
                moved += before.owner(s).equals(after.owner(s)) ? 0 : 1;
            }
            collateral[round] = collateral(before, after, joining.id());
            assertEquals(after.slotCounts().getOrDefault(joining.id(), 0) + collateral[round], moved);
            assertTrue(collateral[round] <= MAX_COLLATERAL_SLOTS, "pool " + round + ": " + collateral[round]);
        }
        double mean = Arrays.stream(collateral).average().orElseThrow() / M;
        assertTrue(mean <= MEAN_COLLATERAL_FRACTION, "mean fraction of slots moved between other members: " + mean);
    }

    @Test
    void removingAMemberMovesItsSlotsAndFewOthers() {
        int[] collateral = new int[1000];
        for (int round = 0; round < collateral.length; round++) {
            List<SlotCandidate> pool = randomPool(round);
            SlotCandidate leaving = pool.get(random.nextInt(pool.size()));
            List<SlotCandidate> shrunk = new ArrayList<>(pool);
            shrunk.remove(leaving);
            SlotTable before = SlotTable.of(pool);
            SlotTable after = SlotTable.of(shrunk);
            if (shrunk.isEmpty()) {
                assertTrue(after.isEmpty());
                continue;
            }
            assertTrue(!after.slotCounts().containsKey(leaving.id()));
            collateral[round] = collateral(before, after, leaving.id());
            assertTrue(collateral[round] <= MAX_COLLATERAL_SLOTS, "pool " + round + ": " + collateral[round]);
            // down, admin down or weight 0 is the same as gone
            List<SlotCandidate> down = new ArrayList<>(shrunk);
            down.add(new SlotCandidate(leaving.id(), leaving.weight(), true, false, false));
            assertEquals(after, SlotTable.of(down));
        }
        double mean = Arrays.stream(collateral).average().orElseThrow() / M;
        assertTrue(mean <= MEAN_COLLATERAL_FRACTION, "mean fraction of slots moved between other members: " + mean);
    }
}
