package io.skylane.lb.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LbZonesTest {

    private static final DeviceId S1 = DeviceId.of(1);
    private static final DeviceId S2 = DeviceId.of(2);

    @Test
    void smallSegmentsKeepTheirOwnIndexAndWideOnesGetTheLowestFree() {
        LbZones z = new LbZones();
        Map<DeviceId, Map<Integer, Integer>> got = z.assign(Map.of(S1, Set.of(1, 7, 70_000, 16_777_215), S2, Set.of(70_000)));
        assertEquals(Map.of(1, 1, 7, 7, 70_000, 2, 16_777_215, 3), got.get(S1));
        assertEquals(Map.of(70_000, 1), got.get(S2), "indices are per switch");
    }

    @Test
    void anIndexIsStickyWhileNeededAndFreedAfter() {
        LbZones z = new LbZones();
        z.assign(Map.of(S1, Set.of(70_000)));
        assertEquals(1, z.index(S1, 70_000).getAsInt());
        // Segment 1 arrives later: its own index is taken, it gets the next free one; 70000 keeps 1.
        Map<Integer, Integer> both = z.assign(Map.of(S1, Set.of(70_000, 1))).get(S1);
        assertEquals(Map.of(70_000, 1, 1, 2), both);
        // 70000 leaves S1: index 1 is free again, 1 keeps 2 (its connections live in zone 2).
        assertEquals(Map.of(1, 2), z.assign(Map.of(S1, Set.of(1))).get(S1));
        assertEquals(Map.of(1, 2, 80_000, 1), z.assign(Map.of(S1, Set.of(1, 80_000))).get(S1));
        z.assign(Map.of());
        assertFalse(z.index(S1, 1).isPresent(), "a switch with no load balancer left holds no index");
    }

    @Test
    void aFreshAllocatorGivesTheSameIndicesForTheSameVpcs() {
        Map<DeviceId, Set<Integer>> needed = Map.of(S1, Set.of(3, 5000, 9, 70_000, 4095));
        assertEquals(new LbZones().assign(needed), new LbZones().assign(needed));
    }

    @Test
    void aSwitchRunsOutAfter4095Vpcs() {
        Set<Integer> many = new TreeSet<>();
        for (int s = 10_000; s < 10_000 + 4096; s++) {
            many.add(s);
        }
        Map<Integer, Integer> got = new LbZones().assign(Map.of(S1, many)).get(S1);
        assertEquals(4095, got.size(), "indices 1..4095");
        assertFalse(got.containsKey(10_000 + 4095), "the last one gets none");
        assertEquals(4095, new HashSet<>(got.values()).size(), "all distinct");
        assertTrue(got.values().stream().allMatch(i -> i >= 1 && i <= 4095));
        Map<Integer, Integer> seen = new HashMap<>(got);
        assertEquals(seen, new LbZones().assign(Map.of(S1, many)).get(S1));
    }
}
