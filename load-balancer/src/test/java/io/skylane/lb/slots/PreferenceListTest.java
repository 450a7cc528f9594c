package io.skylane.lb.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PreferenceListTest {

    private static int[] draw(UUID id, int size, int n) {
        PreferenceList p = new PreferenceList(id, size);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = p.next();
        }
        return out;
    }

    @Test
    void everySlotComesOnce() {
        Random random = new Random(13);
        for (int size : new int[] {2, 3, 251, 4093}) {
            for (int i = 0; i < 20; i++) {
                int[] list = draw(new UUID(random.nextLong(), random.nextLong()), size, size);
                int[] sorted = list.clone();
                Arrays.sort(sorted);
                for (int s = 0; s < size; s++) {
                    assertEquals(s, sorted[s]);
                }
            }
        }
    }

    /** The documented algorithm, pinned (docs/load-balancer-design.md has the same numbers from Python). */
    @Test
    void theListOfAnIdIsFixed() {
        UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        assertEquals(0x172f9e23debf5b72L, PreferenceList.seed(a));
        assertArrayEquals(new int[] {224, 201, 119, 180, 182, 100, 142, 214}, draw(a, 251, 8));
        assertArrayEquals(draw(a, 251, 251), draw(a, 251, 251));
        assertNotEquals(Arrays.toString(draw(a, 251, 8)),
                Arrays.toString(draw(UUID.fromString("00000000-0000-0000-0000-00000000000b"), 251, 8)));
    }
}
